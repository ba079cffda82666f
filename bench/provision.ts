/**
 * Provision throughput, latency, memory and start-up, with the server (started as the Procfile's
 * web process) and the load generator (autocannon) in processes of their own, beside a baseline
 * measured the same way in the same run: a server that writes the same rows with `pg` and
 * hand-written SQL, and the job with pg-boss's own statement. Then the same for addon-kit on its
 * embedded PGlite.
 *
 *   npm run bench                      # 2,000 provisions, 20 connections, 3 rounds
 *   BENCH_REQUESTS=5000 BENCH_CONCURRENCY=50 BENCH_ROUNDS=5 BENCH_DATABASE_URL=postgres://... npm run bench
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Measurement, addonManifest, measure, measureInTurns, describeRatio, report, startAddonKit, startBaseline } from "./server-measurement.ts";
import { withScratchDatabase } from "./scratch-database.ts";

const requests = Number(process.env.BENCH_REQUESTS ?? 2000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 20);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

const manifest = addonManifest();
const credentials = `${manifest.id}:${manifest.api.password}`;
const authorization = `Basic ${Buffer.from(credentials).toString("base64")}`;
const provisions = (url: string, amount: number) => ({ scenario: "provision" as const, url, authorization, connections: concurrency, amount });

async function run(databaseUrl: string, database: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "addon-kit-bench-"));
  console.log(
    `Provision benchmark: ${requests} requests, ${concurrency} connections from a separate process, PostgreSQL database ${database}; medians of ${rounds} rounds taken in turns`,
  );
  try {
    const onPostgres = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, JOBS_IN_PROCESS: "false" };
    // The first start migrates the database, which the baseline writes to as well.
    await (await startAddonKit(onPostgres)).stop();

    const [baseline, postgres] = await measureInTurns(
      [
        {
          name: "baseline: same rows with pg",
          start: () => startBaseline("pg-provision-server.ts", { DATABASE_URL: databaseUrl, BENCH_CREDENTIALS: credentials }),
          loadFor: provisions,
        },
        { name: "addon-kit on PostgreSQL", start: () => startAddonKit(onPostgres), loadFor: provisions },
      ],
      requests,
      rounds,
    );
    if (!baseline || !postgres) throw new Error("a target was not measured");
    // On PGlite the server works its own jobs, and each provision's grant exchange fails against the closed port: polled once a minute, one at a time, they stay out of the way.
    const onPglite = { DATA_DIR: join(dataDir, "pglite-run"), JOBS_POLL_SECONDS: "60", JOBS_CONCURRENCY: "1" };
    // As on PostgreSQL, the first start creates the database: its initdb's memory is not what a restarted server holds.
    await (await startAddonKit(onPglite)).stop();
    const pglite = await measure("addon-kit on PGlite", () => startAddonKit(onPglite), provisions, requests);
    report([baseline, postgres, pglite]);
    const ratio = (of: Measurement) => describeRatio(of, baseline);
    console.log(`addon-kit on PostgreSQL vs baseline: ${ratio(postgres)} throughput (target 0.5x), p99 ${postgres.outcome.p99.toFixed(0)} ms (target < 50)`);
    console.log(`addon-kit on PGlite vs baseline:     ${ratio(pglite)} throughput, p99 ${pglite.outcome.p99.toFixed(0)} ms`);
    console.log(
      `memory on PostgreSQL: ${postgres.idleRssMb.toFixed(0)} MB idle (target < 150), ${postgres.loadRssMb.toFixed(0)} MB under load (target < 256); on PGlite ${pglite.idleRssMb.toFixed(0)} MB idle (target < 300)`,
    );
    console.log(`start-up to a healthy /healthz on PostgreSQL: ${postgres.startupMs.toFixed(0)} ms (target < 2000)`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await withScratchDatabase(run);
