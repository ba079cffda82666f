import type { EntityManager } from "@mikro-orm/core";
import type { Provisioner } from "../provisioners/provisioner.ts";
import type { JobQueue } from "../jobs/job-queue.ts";
import type { SecretBox } from "../secret-box.ts";

/** What the Partner API use cases need: a fresh EntityManager fork per call, and the add-on's setup. */
export interface PartnerContext {
  em: EntityManager;
  provisioner: Provisioner;
  secrets: SecretBox;
  jobs: JobQueue;
  addon: { name: string; regions: readonly string[] };
}
