import type { EntityManager } from "@mikro-orm/core";
import type { EventSink } from "../product/deliver-events.ts";
import type { LifecycleEvents } from "../product/lifecycle-events.ts";
import type { TenantProvisioner } from "../provisioners/remote-provisioner.ts";
import type { SecretBox } from "../secret-box.ts";
import type { AppLogWriter, HerokuPort } from "./heroku-port.ts";
import type { JobQueue } from "../jobs/job-queue.ts";

/** What the background jobs need; `em` is forked per job. */
export interface HerokuContext {
  em: EntityManager;
  heroku: HerokuPort;
  secrets: SecretBox;
  jobs: JobQueue;
  provisioner: TenantProvisioner;
  events: LifecycleEvents;
  /** Where lifecycle events are delivered; undefined when no events URL is configured. */
  eventSink: EventSink | undefined;
  writeAppLog: AppLogWriter;
  /** Where Heroku should deliver a resource's webhooks. */
  webhookUrl: (resourceId: string) => string;
  /** For what staff should know of that belongs to no resource's timeline. */
  log: Record<"info" | "warn", (detail: Record<string, unknown>, message: string) => void>;
}

/** Heroku removes an add-on that is not marked provisioned within 12 hours of the request. */
export const asyncProvisionDeadlineMs = 12 * 3_600_000;

/** Refresh an access token this long before it expires (tokens live about 8 hours). */
export const accessTokenRefreshMarginMs = 5 * 60_000;
