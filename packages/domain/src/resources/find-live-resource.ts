import { type EntityManager, LockMode } from "@mikro-orm/core";
import { ResourceGone, ResourceNotFound } from "../errors.ts";
import { Resource } from "./resource.entity.ts";

/**
 * Loads a resource that is not deprovisioned, with its plan. For a change, `lock` holds its row
 * lock until the transaction ends, so that concurrent or replayed changes to one resource
 * happen one after another.
 */
export async function findLiveResource(em: EntityManager, herokuUuid: string, options: { lock: boolean }): Promise<Resource> {
  const resource = await em.findOne(Resource, { herokuUuid }, options.lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!resource) throw new ResourceNotFound(herokuUuid);
  if (resource.state === "deprovisioned") throw new ResourceGone(herokuUuid);
  await em.populate(resource, ["plan"]);
  return resource;
}
