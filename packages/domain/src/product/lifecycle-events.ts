import type { EntityManager } from "@mikro-orm/core";
import type { ProductEventData, ProductEventType } from "@addon-kit/contracts";
import type { JobQueue } from "../jobs/job-queue.ts";
import type { Resource } from "../resources/resource.entity.ts";
import { LifecycleEvent } from "./lifecycle-event.entity.ts";
import { productResource } from "./product-resource.ts";

/**
 * Where the use cases announce changes to a resource: to the product's events URL when one is
 * configured, nowhere otherwise. Call it in the transaction of the change, holding the resource's
 * row lock, after the resource reflects the change.
 */
export interface LifecycleEvents {
  publish<Type extends ProductEventType>(em: EntityManager, resource: Resource, type: Type, data: Omit<ProductEventData<Type>, "resource">): Promise<void>;
}

export const noLifecycleEvents: LifecycleEvents = { publish: async () => {} };

/**
 * Records the event with the change, and a job that delivers the resource's pending events: both
 * commit or roll back with the change, so an event exists exactly when its change happened.
 */
export function deliveredLifecycleEvents(jobs: JobQueue): LifecycleEvents {
  return {
    async publish(em, resource, type, data) {
      const payload = { type, timestamp: new Date().toISOString(), data: { resource: productResource(resource), ...data } } as LifecycleEvent["payload"];
      em.create(LifecycleEvent, { resource, type, payload, status: "pending" });
      await jobs.enqueue(em, { name: "deliver-events", resourceId: resource.id });
    },
  };
}
