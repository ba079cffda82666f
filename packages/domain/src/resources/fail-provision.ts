import type { EntityManager } from "@mikro-orm/core";
import type { LifecycleEvents } from "../product/lifecycle-events.ts";
import { recordEvent } from "./record-event.ts";
import type { Resource } from "./resource.entity.ts";

/** Marks a provision failed for good, with why: on the resource's timeline, and for the product. Under the resource's row lock. */
export async function failProvision(events: LifecycleEvents, em: EntityManager, resource: Resource, reason: string): Promise<void> {
  resource.state = "failed";
  resource.failureReason = reason;
  recordEvent(em, resource, { type: "provision_failed", actor: "system", message: reason });
  await events.publish(em, resource, "resource.failed", { reason });
}
