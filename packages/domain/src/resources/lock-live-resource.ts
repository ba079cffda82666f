import { type EntityManager, LockMode } from "@mikro-orm/core";
import { ResourceGone, ResourceNotFound } from "../errors.ts";
import { Resource } from "./resource.entity.ts";

/**
 * Loads a resource for a change, holding its row lock until the transaction ends so that
 * concurrent or replayed changes to one resource happen one after another.
 */
export async function lockLiveResource(em: EntityManager, herokuUuid: string): Promise<Resource> {
  const resource = await em.findOne(Resource, { herokuUuid }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!resource) throw new ResourceNotFound(herokuUuid);
  if (resource.state === "deprovisioned") throw new ResourceGone(herokuUuid);
  await em.populate(resource, ["plan"]);
  return resource;
}
