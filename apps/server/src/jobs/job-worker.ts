import type { FastifyBaseLogger } from "fastify";
import { redactedMessage } from "../logging/logger-options.ts";
import { type HerokuContext, type Job, recordJobGaveUp, runJob } from "@addon-kit/domain";
import type { PgBossJobQueue } from "@addon-kit/infrastructure";

/**
 * Works the queue in this process. Each failed attempt is logged; one that exhausted its
 * retries is also written to the resource's timeline, where staff and the customer see it.
 */
export async function startJobWorker(
  queue: PgBossJobQueue<Job>,
  context: HerokuContext,
  log: FastifyBaseLogger,
  options: { pollSeconds: number; concurrency: number },
): Promise<void> {
  await queue.work((job) => runJob(context, job), {
    pollingIntervalSeconds: options.pollSeconds,
    concurrency: options.concurrency,
    onFailure: async (job, error, { retryCount, final }) => {
      // The timeline shows the reason to staff and the customer: without a failed statement's values.
      const reason = redactedMessage(error);
      if (!final) {
        log.warn({ job, retryCount, err: error }, "job failed; it will be retried");
        return;
      }
      log.error({ job, retryCount, err: error }, "job failed for the last time");
      await recordJobGaveUp(context, job, reason);
    },
  });
}
