import { randomUUID } from "node:crypto";
import { type InferEntity, defineEntity, p } from "@mikro-orm/core";
import { type ProductEvent, deliveryStatuses } from "@addon-kit/contracts";
import { Resource } from "../resources/resource.entity.ts";

/**
 * A change to a resource, to be delivered to the product's events URL, and how its delivery
 * went (the delivery log). Recorded in the transaction of the change, under the resource's row
 * lock, so `sequence` follows the order in which the changes committed: a resource's events are
 * delivered by ascending sequence.
 */
export const LifecycleEvent = defineEntity({
  name: "LifecycleEvent",
  tableName: "lifecycle_events",
  properties: {
    sequence: p.bigint("number").primary().autoincrement(),
    /** The Standard Webhooks `webhook-id`: the same on every delivery, for the product to deduplicate. */
    id: p
      .uuid()
      .unique()
      .onCreate(() => randomUUID()),
    resource: () => p.manyToOne(Resource),
    type: p.string(),
    /** The body sent, as it was when the change happened. */
    payload: p.json<ProductEvent>(),
    status: p.enum(deliveryStatuses),
    attempts: p.integer().default(0),
    lastAttemptAt: p.datetime().nullable(),
    /** The product's HTTP status, or null when no answer came. */
    lastStatus: p.integer().nullable(),
    lastResponseMs: p.integer().nullable(),
    lastError: p.text().nullable(),
    deliveredAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [
    // The deliverer reads a resource's oldest pending event; the console filters by status, newest first.
    { properties: ["resource", "status", "sequence"] },
    { properties: ["status", "sequence"] },
  ],
});
export type LifecycleEvent = InferEntity<typeof LifecycleEvent>;
