import { type EntityManager, LockMode } from "@mikro-orm/core";
import { ResourceNotFound, ResourceNotReady } from "../errors.ts";
import { HerokuAuthorization } from "../heroku/heroku-authorization.entity.ts";
import { asyncProvisionDeadlineMs } from "../heroku/heroku-context.ts";
import type { JobQueue } from "../jobs/job-queue.ts";
import { recordAudit } from "../staff/record-audit.ts";
import { recordEvent } from "./record-event.ts";
import { Resource } from "./resource.entity.ts";

/**
 * Starts a failed asynchronous provision again, for staff who fixed what made it fail (the
 * product was down, Heroku was out for hours). Only inside Heroku's 12-hour window: after it
 * Heroku has removed the add-on. It resumes where it stopped: with the grant still to exchange,
 * or with Heroku's tokens and only the config and `actions/provision` left.
 */
export async function retryProvision(
  context: { em: EntityManager; jobs: JobQueue },
  resourceId: string,
  options: { staffEmail: string; now?: Date },
): Promise<void> {
  const now = options.now ?? new Date();
  await context.em.fork().transactional(async (em) => {
    const resource = await em.findOne(Resource, { id: resourceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!resource) throw new ResourceNotFound(resourceId);
    if (resource.state !== "failed") throw new ResourceNotReady(`Only a failed provision can be retried (this one is ${resource.state}).`);
    if (now.getTime() - resource.createdAt.getTime() > asyncProvisionDeadlineMs) {
      throw new ResourceNotReady("Heroku's 12-hour window for this provision has passed: Heroku has removed the add-on.");
    }
    const authorization = await em.findOne(HerokuAuthorization, { resourceId });
    const grantUsable = authorization?.sealedGrantCode && (!authorization.grantExpiresAt || authorization.grantExpiresAt > now);
    if (!authorization?.exchangedAt && !grantUsable) {
      throw new ResourceNotReady(
        "Heroku's OAuth grant for this provision has expired unexchanged, so it cannot be finished; Heroku removes it at the 12-hour limit.",
      );
    }
    resource.state = "provisioning";
    resource.failureReason = null;
    recordEvent(em, resource, { type: "provision_retried", actor: `staff:${options.staffEmail}`, message: "Provisioning started again by staff" });
    // In the same transaction as the change it records.
    recordAudit(em, { actor: options.staffEmail, action: "resource.retry_provision", target: `resource:${resourceId}` });
    await context.jobs.enqueue(em, { name: authorization.exchangedAt ? "finish-provision" : "exchange-grant", resourceId });
  });
}
