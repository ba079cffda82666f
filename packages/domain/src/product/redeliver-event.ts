import { type EntityManager, LockMode } from "@mikro-orm/core";
import { EventNotFound } from "../errors.ts";
import type { JobQueue } from "../jobs/job-queue.ts";
import { recordAudit } from "../staff/record-audit.ts";
import { LifecycleEvent } from "./lifecycle-event.entity.ts";

/**
 * Staff deliver an event again (one that failed, or one the product asks to see again): it is
 * pending once more, with the same `webhook-id`, and goes out before the resource's later
 * pending events. The audit entry commits with it.
 */
export async function redeliverEvent(context: { em: EntityManager; jobs: JobQueue }, eventId: string, staffEmail: string): Promise<void> {
  await context.em.fork().transactional(async (em) => {
    const event = await em.findOne(LifecycleEvent, { id: eventId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!event) throw new EventNotFound();
    event.status = "pending";
    await context.jobs.enqueue(em, { name: "deliver-events", resourceId: event.resource.id });
    recordAudit(em, { actor: staffEmail, action: "event.redeliver", target: `event:${eventId}`, detail: { type: event.type, resourceId: event.resource.id } });
  });
}
