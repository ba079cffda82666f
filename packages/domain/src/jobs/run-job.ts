import { exchangeGrant } from "../heroku/exchange-grant.ts";
import { finishProvision } from "../heroku/finish-provision.ts";
import type { HerokuContext } from "../heroku/heroku-context.ts";
import { pushConfig } from "../heroku/push-config.ts";
import { reconcileAttachments } from "../heroku/reconcile-attachments.ts";
import { subscribeWebhooks } from "../heroku/subscribe-webhooks.ts";
import { writeResourceLog } from "../heroku/write-app-log.ts";
import { deliverEvents } from "../product/deliver-events.ts";
import { deleteRemoteTenant } from "../resources/delete-remote-tenant.ts";
import { maintainTenantDatabases } from "../tenant-databases/maintain-tenant-databases.ts";
import type { Job } from "./job-queue.ts";

/** Runs one job; every job is safe to run again after a crash or a retry. */
export function runJob(context: HerokuContext, job: Job): Promise<void> {
  switch (job.name) {
    case "exchange-grant":
      return exchangeGrant(context, job.resourceId);
    case "finish-provision":
      return finishProvision(context, job.resourceId);
    case "subscribe-webhooks":
      return subscribeWebhooks(context, job.resourceId);
    case "reconcile-attachments":
      return reconcileAttachments(context, job.resourceId);
    case "push-config":
      return pushConfig(context, job.resourceId);
    case "write-app-log":
      return writeResourceLog(context, job.resourceId, job.message);
    case "deliver-events":
      return deliverEvents(context, job.resourceId);
    case "delete-tenant":
      return deleteRemoteTenant(context, job.resourceId);
    case "maintain-tenant-databases":
      return maintainTenantDatabases(context);
  }
}
