import type { EntityManager } from "@mikro-orm/core";
import type { Resource } from "./resource.entity.ts";
import { ResourceEvent } from "./resource-event.entity.ts";
import type { ResourceEventType } from "./resource-event-type.ts";

export interface EventDetails {
  type: ResourceEventType;
  message: string;
  actor?: string;
  data?: Record<string, unknown>;
}

/** Appends to the resource's event log; persisted with the caller's next flush. */
export function recordEvent(em: EntityManager, resource: Resource, details: EventDetails): void {
  em.create(ResourceEvent, {
    resource,
    type: details.type,
    actor: details.actor ?? "heroku",
    message: details.message,
    data: details.data ?? null,
  });
}
