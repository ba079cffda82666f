import type { EntityManager, MikroORM } from "@mikro-orm/core";
import type { PgliteConnection } from "@mikro-orm/pglite";
import { type JobWithMetadata, PgBoss, type Queue, fromKysely, fromPglite } from "pg-boss";
import { type DatabaseTarget, pgSslOptions } from "../database-target.ts";
import type { Job, JobName, JobQueue } from "./job-queue.ts";

/**
 * Retries back off exponentially with jitter, up to 20 seconds apart. A running job's worker
 * sends a heartbeat every half of `heartbeatSeconds`; once a process dies (kill -9, a dyno cycled) its jobs' heartbeats stop and
 * the next supervision pass (heartbeats are checked by the monitor, every `monitorIntervalSeconds`,
 * by whichever process holds pg-boss's lock) hands them to another worker: within about a
 * minute, instead of at the 15-minute expiry, which stays as the bound for a job that hangs.
 */
// A job makes up to three Heroku calls of up to about a minute each (with the client's own retries).
const retry = { retryBackoff: true, expireInSeconds: 900, heartbeatSeconds: 20 } as const;
const superviseIntervalSeconds = 15;
/** How fresh the queue counts are that burst fetching (below) and the metrics read. */
const statsIntervals = { superviseIntervalSeconds, monitorIntervalSeconds: superviseIntervalSeconds, queueCacheIntervalSeconds: 5 };
// Retries wait at most 20 s: a job whose process died is retried through the same backoff, and
// must run again within a minute of the crash however often it failed before (heartbeat limit 20 s,
// supervision every 15 s, then at most 20 s). The limits are sized for how long each job may try.
const queues: Record<JobName, Omit<Queue, "name">> = {
  // The grant lives 5 minutes: about 6 minutes of tries.
  "exchange-grant": { ...retry, retryLimit: 20, retryDelay: 2, retryDelayMax: 20 },
  // About 8 hours, then recorded failed: staff still have hours of Heroku's 12 to retry it.
  "finish-provision": { ...retry, retryLimit: 1_440, retryDelay: 2, retryDelayMax: 20 },
  "subscribe-webhooks": { ...retry, retryLimit: 720, retryDelay: 2, retryDelayMax: 20 },
  "reconcile-attachments": { ...retry, retryLimit: 270, retryDelay: 5, retryDelayMax: 20 },
  "push-config": { ...retry, retryLimit: 1_440, retryDelay: 2, retryDelayMax: 20 },
  "write-app-log": { ...retry, retryLimit: 10, retryDelay: 2, retryDelayMax: 20 },
};

export interface WorkOptions {
  pollingIntervalSeconds: number;
  /** Jobs of one queue this process runs at once. Handlers are safe to run concurrently, as they are across processes. */
  concurrency: number;
  /** Called for every failed attempt; `final` when no retry is left. */
  onFailure: (job: Job, error: unknown, attempt: { retryCount: number; final: boolean }) => Promise<void>;
}
export const jobNames = Object.keys(queues) as JobName[];

/**
 * The durable queue on pg-boss, in the same database as everything else: its own pool on
 * PostgreSQL, the ORM's PGlite instance on the embedded default (PGlite serialises its
 * clients' transactions, so the two never interleave).
 */
export class PgBossJobQueue implements JobQueue {
  readonly boss: PgBoss;

  private constructor(boss: PgBoss) {
    this.boss = boss;
  }

  static async start(orm: MikroORM, target: DatabaseTarget, onError: (error: Error) => void): Promise<PgBossJobQueue> {
    const boss =
      target.kind === "postgresql"
        ? new PgBoss({ connectionString: target.url, ssl: pgSslOptions(target.ssl), max: Math.max(2, Math.ceil((target.poolMax ?? 10) / 2)), ...statsIntervals })
        : new PgBoss({
            db: fromPglite(await (orm.em.getConnection() as unknown as PgliteConnection).getNativeClient()),
            backend: "pglite",
            ...statsIntervals,
          });
    boss.on("error", onError);
    await boss.start();
    for (const [name, options] of Object.entries(queues)) {
      await boss.createQueue(name, options);
      // createQueue keeps an existing queue as it was: apply changed retry settings on deploy.
      await boss.updateQueue(name, options);
    }
    return new PgBossJobQueue(boss);
  }

  async enqueue(em: EntityManager, job: Job): Promise<void> {
    const transaction = em.getTransactionContext();
    // Inside a transaction the job is written by it, so it exists exactly when the change commits.
    await this.boss.send(job.name, job, transaction ? { db: fromKysely(transaction as Parameters<typeof fromKysely>[0]) } : {});
  }

  /** Works every queue in this process, `concurrency` jobs at a time per queue. */
  async work(handler: (job: Job) => Promise<void>, options: WorkOptions): Promise<void> {
    for (const name of jobNames) {
      await this.boss.work(name, {
          includeMetadata: true,
          pollingIntervalSeconds: options.pollingIntervalSeconds,
          localConcurrency: options.concurrency,
          // With a backlog (after an outage), fetch again as soon as a job is done rather than once per poll.
          burstWhenReadyExceeds: 1,
        }, async ([job]: JobWithMetadata<Job>[]) => {
        if (!job) return;
        try {
          await handler(job.data);
        } catch (error) {
          await options.onFailure(job.data, error, { retryCount: job.retryCount, final: job.retryCount >= job.retryLimit });
          throw error;
        }
      });
    }
  }

  /**
   * Jobs for the console, newest first. pg-boss has no listing by state across queues, so this
   * reads its job table (`pgboss.job`) directly: the one place addon-kit depends on its schema.
   */
  async listJobs(filter: { states?: readonly JobState[]; resourceId?: string; limit: number }): Promise<JobSummary[]> {
    const conditions = ["name = any($1)"];
    const params: unknown[] = [jobNames];
    if (filter.states) {
      params.push(filter.states);
      conditions.push(`state::text = any($${params.length})`);
    }
    if (filter.resourceId) {
      params.push(filter.resourceId);
      conditions.push(`data->>'resourceId' = $${params.length}`);
    }
    params.push(filter.limit);
    const { rows } = await this.boss.getDb().executeSql(
      `select id, name, state, data, retry_count, retry_limit, created_on, completed_on, output
         from pgboss.job where ${conditions.join(" and ")} order by created_on desc limit $${params.length}`,
      params,
    );
    return (rows as JobRow[]).map((row) => ({
      id: row.id,
      queue: row.name,
      state: row.state,
      resourceId: row.data?.resourceId ?? null,
      attempts: row.retry_count + (row.state === "created" ? 0 : 1),
      retryLimit: row.retry_limit,
      createdAt: new Date(row.created_on).toISOString(),
      completedAt: row.completed_on ? new Date(row.completed_on).toISOString() : null,
      error: row.state === "failed" || row.state === "retry" ? errorMessage(row.output) : null,
    }));
  }

  /**
   * Per queue: jobs waiting (queued or retrying), running and failed, from pg-boss's own counts
   * (refreshed each supervision pass); how long the oldest due job has waited and how many
   * attempts failed, read from its job table as `listJobs` does. The same for every process,
   * since it is the database's.
   */
  async queueHealth(): Promise<QueueHealth[]> {
    const [queues, { rows }] = await Promise.all([
      this.boss.getQueues(jobNames),
      this.boss.getDb().executeSql(
        // Attempts that failed, of the jobs pg-boss still keeps: every Heroku call runs in a job, so
        // this is where Heroku's errors (and the product's) show, whichever process made them.
        `select name,
                extract(epoch from now() - min(created_on) filter (where state in ('created', 'retry') and start_after <= now()))::float8 as oldest,
                sum(retry_count + case when state = 'failed' then 1 else 0 end)::int as failed_attempts
           from pgboss.job where name = any($1) group by name`,
        [jobNames],
      ),
    ]);
    const byQueue = new Map((rows as { name: string; oldest: number | null; failed_attempts: number }[]).map((row) => [row.name, row]));
    return queues.map((queue) => ({
      queue: queue.name,
      waiting: queue.queuedCount,
      active: queue.activeCount,
      failed: queue.failedCount,
      oldestWaitingSeconds: Number(byQueue.get(queue.name)?.oldest ?? 0),
      failedAttempts: Number(byQueue.get(queue.name)?.failed_attempts ?? 0),
    }));
  }

  /** Runs a failed job again; false when there is no such failed job. */
  async retry(queue: string, id: string): Promise<boolean> {
    if (!jobNames.includes(queue as JobName)) return false;
    const [job] = await this.boss.findJobs(queue, { id });
    if (job?.state !== "failed") return false;
    await this.boss.retry(queue, id);
    return true;
  }

  /** Lets running jobs finish for up to 20 seconds (inside Heroku's 30 of grace); a job cut short runs again elsewhere. */
  stop(): Promise<void> {
    return this.boss.stop({ graceful: true, timeout: 20_000 });
  }
}

export interface QueueHealth {
  queue: string;
  waiting: number;
  active: number;
  failed: number;
  /** How long the oldest job that is due (not waiting out a retry delay) has waited. */
  oldestWaitingSeconds: number;
  failedAttempts: number;
}

export type JobState = "created" | "retry" | "active" | "completed" | "cancelled" | "failed";

export interface JobSummary {
  id: string;
  queue: string;
  state: string;
  resourceId: string | null;
  attempts: number;
  retryLimit: number;
  createdAt: string;
  completedAt: string | null;
  error: string | null;
}

interface JobRow {
  id: string;
  name: string;
  state: string;
  data: { resourceId?: string } | null;
  retry_count: number;
  retry_limit: number;
  created_on: string | Date;
  completed_on: string | Date | null;
  output: unknown;
}

function errorMessage(output: unknown): string | null {
  if (output && typeof output === "object" && "message" in output && typeof output.message === "string") return output.message;
  return output ? JSON.stringify(output).slice(0, 500) : null;
}
