import { type EntityManager, LockMode } from "@mikro-orm/core";
import type { LifecycleEvents } from "../product/lifecycle-events.ts";
import { giveUpDelivery } from "../product/deliver-events.ts";
import { failProvision } from "../resources/fail-provision.ts";
import { recordEvent } from "../resources/record-event.ts";
import { Resource } from "../resources/resource.entity.ts";
import type { Job } from "./job-queue.ts";

/** Jobs without which an asynchronous provision cannot finish. */
const provisionSteps = new Set<Job["name"]>(["exchange-grant", "finish-provision"]);

/**
 * Records, on the resource's timeline, a job that failed its last retry. A provision that can
 * no longer finish is marked failed with the reason, rather than left provisioning forever; an
 * event that could not be delivered is marked failed, for staff to redeliver.
 */
export async function recordJobGaveUp(context: { em: EntityManager; events: LifecycleEvents }, job: Job, reason: string): Promise<void> {
  // Recorded on the event, for staff; the resource's timeline is the customer's too, and the reason is the product's answer.
  if (job.name === "deliver-events") return giveUpDelivery(context.em, job.resourceId, reason);
  // A scheduled job about no one resource: the next run tries again, and the log has the failure.
  if (!("resourceId" in job)) return;
  await context.em.fork().transactional(async (tx) => {
    const resource = await tx.findOne(Resource, { id: job.resourceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!resource) return;
    recordEvent(tx, resource, { type: "job_gave_up", actor: "system", message: `${job.name} gave up: ${reason}`, data: { job: job.name } });
    if (resource.state === "provisioning" && provisionSteps.has(job.name)) {
      await failProvision(context.events, tx, resource, `${job.name} failed: ${reason}`);
    }
  });
}
