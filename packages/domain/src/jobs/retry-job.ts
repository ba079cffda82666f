import type { EntityManager } from "@mikro-orm/core";
import { JobNotFound } from "../errors.ts";
import { recordAudit } from "../staff/record-audit.ts";
import type { JobQueue } from "./job-queue.ts";

/** Staff run a job that failed for good once more; the audit entry commits with the retry. */
export async function retryJob(context: { em: EntityManager; jobs: JobQueue }, job: { queue: string; id: string }, staffEmail: string): Promise<void> {
  await context.em.transactional(async (em) => {
    if (!(await context.jobs.retry(em, job.queue, job.id))) throw new JobNotFound(job.id);
    recordAudit(em, { actor: staffEmail, action: "job.retry", target: `job:${job.queue}/${job.id}` });
  });
}
