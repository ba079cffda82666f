import type { EntityManager, MikroORM } from "@mikro-orm/core";
import type { PgliteConnection } from "@mikro-orm/pglite";
import { type ConstructorOptions, type JobWithMetadata, PgBoss, type Queue, fromKysely, fromPglite } from "pg-boss";
import type { JobState, JobSummary, QueueHealth } from "@addon-kit/contracts";
import { type DatabaseTarget, pgSslOptions } from "./database-target.ts";

/** What the queue needs of a job: the queue it goes to, and (for listing) the resource it is about. */
export interface QueuedJob {
  name: string;
  resourceId?: string;
}

/** How long one kind of job keeps trying: exponential backoff with jitter from `delaySeconds` up to `maxDelaySeconds`. */
export interface RetryPolicy {
  retryLimit: number;
  delaySeconds: number;
  maxDelaySeconds: number;
  /** At most one job of this kind runs per resource at a time, across processes (pg-boss's `singleton` policy, keyed by the resource). */
  oneAtATimePerResource?: boolean;
}

/**
 * A running job's worker sends a heartbeat every half of `heartbeatSeconds`; once a process dies
 * (kill -9, a dyno cycled) its jobs' heartbeats stop and the next supervision pass (heartbeats are
 * checked by the monitor, every `monitorIntervalSeconds`, by whichever process holds pg-boss's
 * lock) hands them to another worker: within about a minute when retries wait at most 20 s,
 * instead of at the 15-minute expiry, which stays as the bound for a job that hangs.
 */
// A job makes up to three Heroku calls of up to about a minute each (with the client's own retries).
const liveness = { retryBackoff: true, expireInSeconds: 900, heartbeatSeconds: 20 } as const;
const superviseIntervalSeconds = 15;
/** How fresh the queue counts are that burst fetching (below) and the metrics read. */
const statsIntervals = { superviseIntervalSeconds, monitorIntervalSeconds: superviseIntervalSeconds, queueCacheIntervalSeconds: 5 };

export interface WorkOptions<J> {
  pollingIntervalSeconds: number;
  /** Jobs of one queue this process runs at once. Handlers are safe to run concurrently, as they are across processes. */
  concurrency: number;
  /** Called for every failed attempt; `final` when no retry is left. */
  onFailure: (job: J, error: unknown, attempt: { retryCount: number; final: boolean }) => Promise<void>;
}

/**
 * A pg-boss instance on addon-kit's database: its own pool on PostgreSQL, the ORM's PGlite
 * instance on the embedded default (PGlite serialises its clients' transactions, so the two
 * never interleave). Not started.
 */
export async function createPgBoss(orm: MikroORM, target: DatabaseTarget, options: ConstructorOptions = {}): Promise<PgBoss> {
  return target.kind === "postgresql"
    ? new PgBoss({ connectionString: target.url, ssl: pgSslOptions(target.ssl), max: Math.max(2, Math.ceil((target.poolMax ?? 10) / 2)), ...options })
    : new PgBoss({ db: fromPglite(await (orm.em.getConnection() as unknown as PgliteConnection).getNativeClient()), backend: "pglite", ...options });
}

/**
 * The durable queue on pg-boss, in the same database as everything else, with one queue per
 * kind of job. It knows nothing of what the jobs do: the domain names them and their policies.
 */
export class PgBossJobQueue<J extends QueuedJob> {
  readonly #boss: PgBoss;
  readonly #names: J["name"][];
  readonly #keyedByResource: ReadonlySet<string>;

  private constructor(boss: PgBoss, names: J["name"][], keyedByResource: ReadonlySet<string>) {
    this.#boss = boss;
    this.#names = names;
    this.#keyedByResource = keyedByResource;
  }

  static async start<J extends QueuedJob>(
    orm: MikroORM,
    target: DatabaseTarget,
    policies: Record<J["name"], RetryPolicy>,
    onError: (error: Error) => void,
  ): Promise<PgBossJobQueue<J>> {
    const boss = await createPgBoss(orm, target, statsIntervals);
    boss.on("error", onError);
    await boss.start();
    const names = Object.keys(policies) as J["name"][];
    for (const name of names) {
      const policy: RetryPolicy = policies[name];
      const options: Omit<Queue, "name"> = {
        ...liveness,
        retryLimit: policy.retryLimit,
        retryDelay: policy.delaySeconds,
        retryDelayMax: policy.maxDelaySeconds,
      };
      // A queue's policy is fixed when it is created; only its retry settings can change later.
      await boss.createQueue(name, { ...options, policy: policy.oneAtATimePerResource ? "singleton" : "standard" });
      // createQueue keeps an existing queue as it was: apply changed retry settings on deploy.
      await boss.updateQueue(name, options);
    }
    const keyedByResource = new Set(names.filter((name) => (policies[name] as RetryPolicy).oneAtATimePerResource));
    return new PgBossJobQueue<J>(boss, names, keyedByResource);
  }

  async enqueue(em: EntityManager, job: J): Promise<void> {
    const singletonKey = this.#keyedByResource.has(job.name) ? job.resourceId : undefined;
    // Inside a transaction the job is written by it, so it exists exactly when the change commits.
    await this.#boss.send(job.name, job, { ...inTransactionOf(em), ...(singletonKey ? { singletonKey } : {}) });
  }

  /**
   * Sends `job` on `cron` (UTC) from now on. pg-boss keeps one schedule per queue in the database
   * and one process sends each due job, however many processes say so.
   */
  async schedule(job: J, cron: string): Promise<void> {
    await this.#boss.schedule(job.name, cron, job);
  }

  async unschedule(name: J["name"]): Promise<void> {
    await this.#boss.unschedule(name);
  }

  /** Works every queue in this process, `concurrency` jobs at a time per queue. */
  async work(handler: (job: J) => Promise<void>, options: WorkOptions<J>): Promise<void> {
    for (const name of this.#names) {
      await this.#boss.work(
        name,
        {
          includeMetadata: true,
          pollingIntervalSeconds: options.pollingIntervalSeconds,
          localConcurrency: options.concurrency,
          // With a backlog (after an outage), fetch again as soon as a job is done rather than once per poll.
          burstWhenReadyExceeds: 1,
        },
        async ([job]: JobWithMetadata<J>[]) => {
          if (!job) return;
          try {
            await handler(job.data);
          } catch (error) {
            await options.onFailure(job.data, error, { retryCount: job.retryCount, final: job.retryCount >= job.retryLimit });
            throw error;
          }
        },
      );
    }
  }

  /**
   * Jobs for the console, newest first. pg-boss has no listing by state across queues, so this
   * reads its job table (`pgboss.job`) directly, as `queueHealth` does: this file is the one place addon-kit depends on its schema.
   */
  async listJobs(filter: { states?: readonly JobState[]; resourceId?: string; limit: number }): Promise<JobSummary[]> {
    const conditions = ["name = any($1)"];
    const params: unknown[] = [this.#names];
    if (filter.states) {
      params.push(filter.states);
      conditions.push(`state::text = any($${params.length})`);
    }
    if (filter.resourceId) {
      params.push(filter.resourceId);
      conditions.push(`data->>'resourceId' = $${params.length}`);
    }
    params.push(filter.limit);
    const { rows } = await this.#boss.getDb().executeSql(
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
      this.#boss.getQueues(this.#names),
      this.#boss.getDb().executeSql(
        // Attempts that failed, of the jobs pg-boss still keeps: every Heroku call runs in a job, so
        // this is where Heroku's errors (and the product's) show, whichever process made them.
        `select name,
                extract(epoch from now() - min(created_on) filter (where state in ('created', 'retry') and start_after <= now()))::float8 as oldest,
                sum(retry_count + case when state = 'failed' then 1 else 0 end)::int as failed_attempts
           from pgboss.job where name = any($1) group by name`,
        [this.#names],
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

  /** Runs a failed job again, in `em`'s transaction if it has one; false when there is no such failed job. */
  async retry(em: EntityManager, queue: string, id: string): Promise<boolean> {
    if (!this.#names.includes(queue)) return false;
    const [job] = await this.#boss.findJobs(queue, { id, ...inTransactionOf(em) });
    if (job?.state !== "failed") return false;
    await this.#boss.retry(queue, id, inTransactionOf(em));
    return true;
  }

  /** Lets running jobs finish for up to 20 seconds (inside Heroku's 30 of grace); a job cut short runs again elsewhere. */
  stop(): Promise<void> {
    return this.#boss.stop({ graceful: true, timeout: 20_000 });
  }
}

/** pg-boss's connection option for `em`'s open transaction, so its statements commit or roll back with it. */
function inTransactionOf(em: EntityManager): { db?: ReturnType<typeof fromKysely> } {
  const transaction = em.getTransactionContext();
  return transaction ? { db: fromKysely(transaction as Parameters<typeof fromKysely>[0]) } : {};
}

interface JobRow {
  id: string;
  name: string;
  state: JobState;
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
