import type { EntityManager } from "@mikro-orm/core";
import type { TenantProvisioner } from "../provisioners/remote-provisioner.ts";
import type { JobQueue } from "../jobs/job-queue.ts";
import type { LifecycleEvents } from "../product/lifecycle-events.ts";
import type { SecretBox } from "../secret-box.ts";

/** What the Partner API use cases need: a fresh EntityManager fork per call, and the add-on's setup. */
export interface PartnerContext {
  em: EntityManager;
  provisioner: TenantProvisioner;
  secrets: SecretBox;
  jobs: JobQueue;
  events: LifecycleEvents;
  addon: { name: string; regions: readonly string[] };
}
