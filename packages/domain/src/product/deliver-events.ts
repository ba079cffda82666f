import { type EntityManager, LockMode } from "@mikro-orm/core";
import type { ProductAnswer, ProductEvent } from "@addon-kit/contracts";
import { ProductUnavailable } from "../errors.ts";
import { callProduct } from "./call-product.ts";
import { LifecycleEvent } from "./lifecycle-event.entity.ts";

/** Delivers one event to the product's events URL; `id` is the event's, the same on every delivery. */
export interface EventSink {
  deliver(id: string, event: ProductEvent): Promise<ProductAnswer<undefined>>;
}

/**
 * Delivers a resource's pending events, oldest first, one at a time (the job runs once per
 * resource at a time, across processes), and logs each attempt on the event. The first event
 * the product cannot take now fails the job, which retries with backoff while later events wait:
 * in order, at least once. One the product refuses (422) is recorded failed and not tried again.
 */
export async function deliverEvents(context: { em: EntityManager; eventSink: EventSink | undefined }, resourceId: string): Promise<void> {
  const sink = context.eventSink;
  // Events recorded while an events URL was set wait for one to be set again.
  if (!sink) return;
  for (;;) {
    const em = context.em.fork();
    const event = await em.findOne(LifecycleEvent, { resource: resourceId, status: "pending" }, { orderBy: { sequence: "asc" } });
    if (!event) return;
    const answer = await callProduct(context.em, () => sink.deliver(event.id, event.payload));
    event.attempts += 1;
    event.lastAttemptAt = new Date();
    event.lastStatus = answer.status;
    event.lastResponseMs = answer.ms;
    if (answer.outcome === "done") {
      event.status = "delivered";
      event.deliveredAt = new Date();
      event.lastError = null;
    } else if (answer.outcome === "refused") {
      event.status = "failed";
      event.lastError = `refused: ${answer.message}`;
    } else {
      event.lastError = answer.reason;
    }
    await em.flush();
    if (answer.outcome === "unavailable") throw new ProductUnavailable(answer.reason);
  }
}

/** When the job runs out of retries: its oldest pending event is recorded failed, for staff to redeliver. */
export async function giveUpDelivery(em: EntityManager, resourceId: string, reason: string): Promise<void> {
  await em.fork().transactional(async (tx) => {
    const event = await tx.findOne(
      LifecycleEvent,
      { resource: resourceId, status: "pending" },
      { orderBy: { sequence: "asc" }, lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (!event) return;
    event.status = "failed";
    event.lastError = `gave up: ${reason}`;
  });
}
