/**
 * Drains a backlog of queued jobs, as after a Heroku outage, with one and then two worker
 * processes against the fake Heroku (a real HTTP server in this process), on PostgreSQL. Each job
 * writes a line to its resource's app log: one database read and one Heroku call.
 *
 *   npm run bench:jobs                      # 10,000 jobs per run
 *   BENCH_JOBS=2000 npm run bench:jobs
 */
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type ChildProcess, spawn } from "node:child_process";
import { type Job, Plan, Resource, SecretBox, jobRetryPolicies, schema, syncPlanCatalog } from "@addon-kit/domain";
import { PgBossJobQueue, createPgBoss, openDatabase } from "@addon-kit/infrastructure";
import { buildFakeHeroku, logInputCredentials } from "@addon-kit/heroku/fake";
import { loadConfig } from "@addon-kit/server/config";
import { dynoEnvironment, procfileNodeArguments } from "./procfile.ts";
import { withScratchDatabase } from "./scratch-database.ts";

const jobCount = Number(process.env.BENCH_JOBS ?? 10_000);
const repositoryRoot = fileURLToPath(new URL("../", import.meta.url));
const encryptionKey = randomBytes(32).toString("base64");

/** Peak resident memory of a process, in MB (Linux). */
function peakRssMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

interface Run {
  workers: number;
  seconds: number;
  jobsPerSecond: number;
  /** p99 of a job's own running time, and of its wait from queued to done (the backlog's drain). */
  p99RunMs: number;
  p99LatencyMs: number;
  peakRssMb: number[];
}

await withScratchDatabase(async (databaseUrl) => {
  const target = { kind: "postgresql" as const, url: databaseUrl };
  const fake = await buildFakeHeroku({ clientSecret: "bench" });
  await fake.app.listen({ port: 0, host: "127.0.0.1" });
  const fakeUrl = `http://127.0.0.1:${(fake.app.server.address() as { port: number }).port}`;
  const config = loadConfig({ DATA_DIR: `${repositoryRoot}/.data`, DATABASE_URL: databaseUrl, ENCRYPTION_KEY: encryptionKey }, repositoryRoot);
  const orm = await openDatabase(target, schema);
  await syncPlanCatalog(orm.em.fork(), config.plans);
  // Creates the queues as the workers will; the backlog goes in through pg-boss's bulk insert.
  const queue = await PgBossJobQueue.start<Job>(orm, target, jobRetryPolicies, (error) => console.error(error));
  const seeder = await createPgBoss(orm, target, { supervise: false, schedule: false });
  await seeder.start();
  const secrets = new SecretBox(config.encryptionKey);
  const plan = await orm.em.fork().findOneOrFail(Plan, { slug: config.plans[0]?.slug ?? "" });

  /** Queues `jobCount` log lines, one per new resource whose add-on the fake knows. */
  async function queueBacklog(): Promise<void> {
    for (let start = 0; start < jobCount; start += 1_000) {
      const em = orm.em.fork();
      const rows = Array.from({ length: Math.min(1_000, jobCount - start) }, () => {
        const addon = fake.state.createAddon({});
        const url = new URL(`/log-input/${addon.id}`, fakeUrl);
        Object.assign(url, logInputCredentials(addon.id));
        const now = new Date();
        return {
          id: randomUUID(),
          herokuUuid: addon.id,
          name: addon.name,
          plan,
          region: "us",
          options: {},
          state: "provisioned" as const,
          requestFingerprint: "bench",
          sealedLogInputUrl: secrets.seal(url.toString()),
          createdAt: now,
          updatedAt: now,
        };
      });
      await em.insertMany(Resource, rows);
      await seeder.insert(
        "write-app-log",
        rows.map((row) => ({ data: { name: "write-app-log", resourceId: row.id, message: "backlog" } })),
      );
    }
  }

  async function drain(workers: number): Promise<Run> {
    await queueBacklog();
    const started = Date.now();
    const processes: ChildProcess[] = Array.from({ length: workers }, () =>
      spawn(process.execPath, procfileNodeArguments("worker"), {
        cwd: repositoryRoot,
        env: {
          ...dynoEnvironment,
          PATH: process.env.PATH,
          DATABASE_URL: databaseUrl,
          ENCRYPTION_KEY: encryptionKey,
          HEROKU_API_URL: fakeUrl,
          HEROKU_ID_URL: fakeUrl,
          JOBS_POLL_SECONDS: "0.5",
          LOG_LEVEL: "error",
        },
        stdio: ["ignore", "ignore", "inherit"],
      }),
    );
    const connection = orm.em.getConnection();
    let seconds: number;
    let peak: number[];
    try {
      for (;;) {
        const [row] = await connection.execute<{ left: number; failed: number }[]>(
          "select count(*) filter (where state not in ('completed', 'failed'))::int as left, count(*) filter (where state = 'failed')::int as failed from pgboss.job where name = 'write-app-log'",
        );
        if (row?.failed) throw new Error(`${row.failed} jobs failed: the numbers would not mean anything`);
        if (row?.left === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      seconds = (Date.now() - started) / 1000;
      peak = processes.map((child) => peakRssMb(child.pid));
    } finally {
      for (const child of processes) child.kill("SIGTERM");
      await Promise.all(processes.map((child) => new Promise((resolve) => child.once("exit", resolve))));
    }
    const [latency] = await connection.execute<{ run: number; latency: number }[]>(
      `select percentile_cont(0.99) within group (order by extract(epoch from completed_on - started_on) * 1000)::float8 as run,
              percentile_cont(0.99) within group (order by extract(epoch from completed_on - created_on) * 1000)::float8 as latency
         from pgboss.job where name = 'write-app-log'`,
    );
    await connection.execute("delete from pgboss.job where name = 'write-app-log'");
    return {
      workers,
      seconds,
      jobsPerSecond: jobCount / seconds,
      p99RunMs: Number(latency?.run ?? 0),
      p99LatencyMs: Number(latency?.latency ?? 0),
      peakRssMb: peak,
    };
  }

  const runs = [await drain(1), await drain(2)];
  await seeder.stop({ graceful: false });
  await queue.stop();
  await orm.close();
  await fake.app.close();

  console.log(`\n${jobCount} queued jobs (write-app-log), JOBS_CONCURRENCY=${config.jobs.concurrency} per queue and process\n`);
  console.log("workers   seconds    jobs/s   p99 run ms   p99 queued-to-done s   peak RSS per worker (MB)");
  for (const run of runs) {
    const columns = [
      String(run.workers).padStart(7),
      run.seconds.toFixed(1).padStart(10),
      run.jobsPerSecond.toFixed(0).padStart(10),
      run.p99RunMs.toFixed(1).padStart(13),
    ];
    console.log(`${columns.join("")}${(run.p99LatencyMs / 1000).toFixed(1).padStart(23)}   ${run.peakRssMb.map((mb) => mb.toFixed(0)).join(", ")}`);
  }
  const [one, two] = runs;
  if (one && two) console.log(`\n2 workers vs 1: ${(two.jobsPerSecond / one.jobsPerSecond).toFixed(2)}x the throughput`);
});
