import type { EntityManager } from "@mikro-orm/core";

/** Background work that talks to Heroku; each job names the resource it is about. */
export type Job =
  | { name: "exchange-grant"; resourceId: string }
  | { name: "finish-provision"; resourceId: string }
  | { name: "subscribe-webhooks"; resourceId: string }
  | { name: "reconcile-attachments"; resourceId: string }
  | { name: "push-config"; resourceId: string }
  | { name: "write-app-log"; resourceId: string; message: string };

export type JobName = Job["name"];

/**
 * A durable queue. `enqueue` writes the job in `em`'s open transaction, so a job exists
 * exactly when the change that asked for it committed.
 */
export interface JobQueue {
  enqueue(em: EntityManager, job: Job): Promise<void>;
}
