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
    options: resource.options,
  };
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
