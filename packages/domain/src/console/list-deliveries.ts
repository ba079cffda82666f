import type { EntityManager, FilterQuery } from "@mikro-orm/core";
import type { DeliveryListInput, DeliveryPage } from "@addon-kit/contracts";
import { productBreaker } from "../product/call-product.ts";
import { LifecycleEvent } from "../product/lifecycle-event.entity.ts";

/** The delivery log for the console: events newest first, how each delivery went, and the product's circuit breaker. */
export async function listDeliveries(em: EntityManager, input: DeliveryListInput, options: { eventsUrlConfigured: boolean }): Promise<DeliveryPage> {
  const where: FilterQuery<LifecycleEvent> = {};
  if (input.status) where.status = input.status;
  if (input.resourceId) where.resource = input.resourceId;
  if (input.cursor) where.sequence = { $lt: input.cursor };
  const [events, breaker] = await Promise.all([
    em.find(LifecycleEvent, where, {
      orderBy: { sequence: "desc" },
      limit: input.limit,
      populate: ["resource"],
      fields: ["*", "resource.id", "resource.name"],
    }),
    productBreaker(em),
  ]);
  const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;
  return {
    items: events.map((event) => ({
      sequence: event.sequence,
      eventId: event.id,
      type: event.type,
      resource: { id: event.resource.id, name: event.resource.name },
      status: event.status,
      attempts: event.attempts,
      lastAttemptAt: iso(event.lastAttemptAt),
      lastStatus: event.lastStatus ?? null,
      lastResponseMs: event.lastResponseMs ?? null,
      lastError: event.lastError ?? null,
      deliveredAt: iso(event.deliveredAt),
      createdAt: event.createdAt.toISOString(),
    })),
    nextCursor: events.length === input.limit ? (events[events.length - 1]?.sequence ?? null) : null,
    eventsUrlConfigured: options.eventsUrlConfigured,
    breaker: breaker && {
      consecutiveFailures: breaker.consecutiveFailures,
      openUntil: iso(breaker.openUntil),
      lastFailure: breaker.lastFailure ?? null,
      lastFailureAt: iso(breaker.lastFailureAt),
    },
  };
}
