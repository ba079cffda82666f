import fp from "fastify-plugin";
import {
  type EventSink,
  type Job,
  type LifecycleEvents,
  type SecretBox,
  type TenantProvisioner,
  jobRetryPolicies,
  tenantDatabaseMaintenance,
  tenantDatabasesOf,
} from "@addon-kit/domain";
import { PgBossJobQueue } from "@addon-kit/infrastructure";
import type { AppConfig } from "../config/load-config.ts";
import { buildHerokuContext } from "./heroku-context.ts";
import { startJobWorker } from "./job-worker.ts";
import { lifecycleEventsFor } from "../product/product-connection.ts";

declare module "fastify" {
  interface FastifyInstance {
    jobs: PgBossJobQueue<Job>;
    /** Where use cases announce changes to resources (delivered to the product's events URL, if set). */
    lifecycleEvents: LifecycleEvents;
  }
}

/**
 * The durable job queue, and unless `JOBS_IN_PROCESS=false` a worker for it. Stopped before
 * the database closes (and then `onStopped`, for what running jobs used); a job cut short by
 * shutdown is retried later.
 */
export const jobsPlugin = fp<{
  config: AppConfig;
  provisioner: TenantProvisioner;
  secrets: SecretBox;
  eventSink: EventSink | undefined;
  onStopped: () => Promise<void>;
}>(
  async (app, { config, provisioner, secrets, eventSink, onStopped }) => {
    const queue = await PgBossJobQueue.start<Job>(app.orm, config.database, jobRetryPolicies, (err) => app.log.error({ err }, "job queue error"));
    app.decorate("jobs", queue);
    app.decorate("lifecycleEvents", lifecycleEventsFor(config, queue));
    app.addHook("onClose", async () => {
      await queue.stop();
      await onStopped();
    });
    await scheduleJobs(queue, provisioner);
    if (config.jobs.inProcess) {
      const context = buildHerokuContext(config, { orm: app.orm, jobs: queue, provisioner, secrets, eventSink, log: app.log });
      await startJobWorker(queue, context, app.log, config.jobs);
    }
  },
  { name: "jobs", dependencies: ["database"] },
);

/** The schedules this configuration needs, and none left from another (pg-boss keeps them in the database). */
export async function scheduleJobs(queue: PgBossJobQueue<Job>, provisioner: TenantProvisioner): Promise<void> {
  const { job, cron } = tenantDatabaseMaintenance;
  if (tenantDatabasesOf(provisioner)) await queue.schedule(job, cron);
  else await queue.unschedule(job.name);
}
