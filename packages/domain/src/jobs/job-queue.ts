import type { EntityManager } from "@mikro-orm/core";
import type { JobState, JobSummary, QueueHealth } from "@addon-kit/contracts";

/** Background work that talks to Heroku or the tenants' systems; most jobs name the resource they are about. */
export type Job =
  | { name: "exchange-grant"; resourceId: string }
  | { name: "finish-provision"; resourceId: string }
  | { name: "subscribe-webhooks"; resourceId: string }
  | { name: "reconcile-attachments"; resourceId: string }
  | { name: "push-config"; resourceId: string }
  | { name: "write-app-log"; resourceId: string; message: string }
  | { name: "deliver-events"; resourceId: string }
  | { name: "delete-tenant"; resourceId: string }
  | { name: "maintain-tenant-databases" };

export type JobName = Job["name"];

/**
 * How long each kind of job keeps trying, backing off exponentially up to 20 seconds between
 * tries: a job whose process died is retried through the same backoff, and must run again
 * within a minute of the crash however often it failed before.
 */
export const jobRetryPolicies: Record<JobName, { retryLimit: number; delaySeconds: number; maxDelaySeconds: number; oneAtATimePerResource?: true }> = {
  // The grant lives 5 minutes: about 6 minutes of tries.
  "exchange-grant": { retryLimit: 20, delaySeconds: 2, maxDelaySeconds: 20 },
  // About 8 hours, then recorded failed: staff still have hours of Heroku's 12 to retry it.
  "finish-provision": { retryLimit: 1_440, delaySeconds: 2, maxDelaySeconds: 20 },
  "subscribe-webhooks": { retryLimit: 720, delaySeconds: 2, maxDelaySeconds: 20 },
  "reconcile-attachments": { retryLimit: 270, delaySeconds: 5, maxDelaySeconds: 20 },
  "push-config": { retryLimit: 1_440, delaySeconds: 2, maxDelaySeconds: 20 },
  "write-app-log": { retryLimit: 10, delaySeconds: 2, maxDelaySeconds: 20 },
  // The product may be down for a while: about 3 days of tries, a minute apart at most once it
  // has been down a few minutes (the circuit breaker makes each a read). One job per resource
  // runs at a time, across processes, so a resource's events go out in order.
  "deliver-events": { retryLimit: 4_320, delaySeconds: 1, maxDelaySeconds: 60, oneAtATimePerResource: true },
  "delete-tenant": { retryLimit: 4_320, delaySeconds: 1, maxDelaySeconds: 60 },
  // Scheduled every minute (tenantDatabaseMaintenance): the next pass does what a failed one did not.
  "maintain-tenant-databases": { retryLimit: 0, delaySeconds: 1, maxDelaySeconds: 1 },
};
export const jobNames = Object.keys(jobRetryPolicies) as JobName[];

/**
 * The durable queue, as the domain and the console use it. `enqueue` writes the job in `em`'s
 * open transaction, so a job exists exactly when the change that asked for it committed.
 */
export interface JobQueue {
  enqueue(em: EntityManager, job: Job): Promise<void>;
  /** Newest first. */
  listJobs(filter: { states?: readonly JobState[]; resourceId?: string; limit: number }): Promise<JobSummary[]>;
  queueHealth(): Promise<QueueHealth[]>;
  /** Runs a failed job again, in `em`'s open transaction like `enqueue`; false when there is no such failed job. */
  retry(em: EntityManager, queue: string, id: string): Promise<boolean>;
}
