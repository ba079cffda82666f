import type { ProductPlan, ProductResource } from "@addon-kit/contracts";
import type { Plan } from "../plans/plan.entity.ts";
import type { Resource } from "../resources/resource.entity.ts";

/** What the product is told of a resource; a resource about to be created qualifies too. */
export type ResourceFacts = Pick<Resource, "id" | "herokuUuid" | "name" | "region" | "state" | "options"> & { plan: Pick<Plan, "slug"> };

/** A resource as the product sees it, in every call and event. */
export function productResource(resource: ResourceFacts): ProductResource {
  return {
    id: resource.id,
    heroku_uuid: resource.herokuUuid,
    name: resource.name,
    plan: resource.plan.slug,
    region: resource.region,
    state: resource.state,
    // Sorted: options read back from jsonb come in another key order than Heroku sent, and a retried call must carry the same bytes.
    options: withSortedKeys(resource.options) as Record<string, unknown>,
  };
}

/** A copy with object keys sorted at every depth. */
function withSortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withSortedKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, item]) => [key, withSortedKeys(item)]),
  );
}

export function productPlan(plan: Plan): ProductPlan {
  return { slug: plan.slug, name: plan.name, limits: plan.limits };
}

/**
 * Idempotency keys, one per step: derived from Heroku's uuid and the step, and for steps that
 * can happen more than once, from the resource's revision (which each plan change and rotation
 * moves on), so a retried step carries its key again and a new one never does.
 */
export const stepKey = {
  provision: (resource: Pick<Resource, "herokuUuid">) => `${resource.herokuUuid}:provision`,
  planChange: (resource: Resource, to: Plan) => `${resource.herokuUuid}:plan-change:${resource.revision + 1}:${to.slug}`,
  rotation: (resource: Resource) => `${resource.herokuUuid}:rotation:${resource.revision + 1}`,
  retirement: (resource: Resource) => `${resource.herokuUuid}:retire:${resource.revision}`,
  deprovision: (resource: Resource) => `${resource.herokuUuid}:deprovision`,
};
