import type { EntityManager } from "@mikro-orm/core";

/**
 * Takes the resource's row lock for the rest of `em`'s transaction, as every change that
 * announces a lifecycle event does (so events follow the order of the changes), in the weaker
 * `FOR NO KEY UPDATE` form: it still waits for, and holds off, every other change to the
 * resource, yet not a concurrent insert of a row that only references it (an attachment, an
 * event), which can then meet its unique key first. MikroORM's lock modes have no such form.
 */
export async function lockForEvents(em: EntityManager, resourceId: string): Promise<void> {
  await em.getConnection().execute("select id from resources where id = ? for no key update", [resourceId], "all", em.getTransactionContext());
}
