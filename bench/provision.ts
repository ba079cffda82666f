/**
 * Provision throughput, latency, memory and start-up, with the server and the load generator
 * (autocannon) in processes of their own, beside a baseline measured the same way in the same
 * run: a server that writes the same rows with `pg` and hand-written SQL. Then the same for
 * addon-kit on its embedded PGlite.
 *
 *   npm run bench                      # 2,000 provisions, 20 connections
 *   BENCH_REQUESTS=5000 BENCH_CONCURRENCY=50 BENCH_DATABASE_URL=postgres://... npm run bench
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { loadConfig } from "@addon-kit/server/config";
import type { LoadOutcome } from "./load-generator.ts";
import { freePort } from "@addon-kit/testing/free-port";
import { type MeasuredService, startService } from "./service.ts";
import { withScratchDatabase } from "./scratch-database.ts";

const requests = Number(process.env.BENCH_REQUESTS ?? 2000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 20);
const repositoryRoot = fileURLToPath(new URL("../", import.meta.url));
const here = fileURLToPath(new URL("./", import.meta.url));
const server = join(repositoryRoot, "apps/server/src/main.ts");

const manifest = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), "addon-kit-bench-config-")) }, repositoryRoot).manifest;
const credentials = `${manifest.id}:${manifest.api.password}`;
const authorization = `Basic ${Buffer.from(credentials).toString("base64")}`;

async function load(url: string, amount: number): Promise<LoadOutcome> {
  const options = JSON.stringify({ url, authorization, connections: concurrency, amount });
  const { stdout } = await promisify(execFile)(process.execPath, [join(here, "load-generator.ts"), options], { cwd: here, maxBuffer: 1 << 20 });
  const outcome = JSON.parse(stdout) as LoadOutcome;
  if (outcome.non2xx > 0 || outcome.errors > 0)
    throw new Error(`${url}: ${outcome.non2xx} answers other than 2xx, ${outcome.errors} errors (${outcome.timeouts} timeouts)`);
  return outcome;
}

interface Measurement {
  name: string;
  startupMs: number;
  idleRssMb: number;
  loadRssMb: number;
  outcome: LoadOutcome;
}

async function measure(name: string, start: () => Promise<MeasuredService>): Promise<Measurement> {
  console.log(`  measuring ${name} ...`);
  const service = await start();
  try {
    await sleep(2_000);
    const idleRssMb = service.rssMb();
    await load(service.url, Math.min(200, requests));
    const peak = service.samplePeakRss();
    try {
      const outcome = await load(service.url, requests);
      return { name, startupMs: service.startupMs, idleRssMb, loadRssMb: peak(), outcome };
    } finally {
      peak();
    }
  } finally {
    await service.stop();
  }
}

/** addon-kit as `npm start` runs it (without the console build), logging at info as in production. */
async function addonKit(env: Record<string, string>): Promise<MeasuredService> {
  const port = await freePort();
  return startService(
    server,
    { NODE_ENV: "development", LOG_LEVEL: "info", PORT: String(port), HEROKU_API_URL: "http://127.0.0.1:9", HEROKU_ID_URL: "http://127.0.0.1:9", ...env },
    { port, healthPath: "/healthz", cwd: repositoryRoot },
  );
}

function report(measurements: Measurement[]): void {
  console.log("");
  console.log(
    `${"target".padEnd(36)}${"req/s".padStart(8)}${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}${"start ms".padStart(10)}${"idle MB".padStart(9)}${"load MB".padStart(9)}`,
  );
  for (const { name, outcome, startupMs, idleRssMb, loadRssMb } of measurements) {
    console.log(
      `${name.padEnd(36)}${outcome.requestsPerSecond.toFixed(0).padStart(8)}${outcome.p50.toFixed(1).padStart(9)}${outcome.p99.toFixed(1).padStart(9)}${startupMs.toFixed(0).padStart(10)}${idleRssMb.toFixed(0).padStart(9)}${loadRssMb.toFixed(0).padStart(9)}`,
    );
  }
}

async function run(databaseUrl: string, database: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "addon-kit-bench-"));
  console.log(`Provision benchmark: ${requests} requests, ${concurrency} connections from a separate process, PostgreSQL database ${database}`);
  try {
    const onPostgres = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, JOBS_IN_PROCESS: "false" };
    // The first start migrates the database, which the baseline writes to as well.
    await (await addonKit(onPostgres)).stop();

    const baselinePort = await freePort();
    const baseline = await measure("baseline: same rows with pg", () =>
      startService(
        join(here, "baselines/pg-provision-server.ts"),
        { DATABASE_URL: databaseUrl, PORT: String(baselinePort), BENCH_CREDENTIALS: credentials },
        { port: baselinePort, healthPath: "/healthz", cwd: here },
      ),
    );
    const postgres = await measure("addon-kit on PostgreSQL", () => addonKit(onPostgres));
    // On PGlite the server works its own jobs, and each provision's grant exchange fails against the closed port: polled once a minute, one at a time, they stay out of the way.
    const pglite = await measure("addon-kit on PGlite", () =>
      addonKit({ DATA_DIR: join(dataDir, "pglite-run"), JOBS_POLL_SECONDS: "60", JOBS_CONCURRENCY: "1" }),
    );
    const results = [baseline, postgres, pglite];
    report(results);

    const ratio = (of: Measurement) => of.outcome.requestsPerSecond / baseline.outcome.requestsPerSecond;
    console.log("");
    console.log(
      `addon-kit on PostgreSQL vs baseline: ${ratio(postgres).toFixed(2)}x throughput (target 0.5x), p99 ${postgres.outcome.p99.toFixed(0)} ms (target < 50)`,
    );
    console.log(`addon-kit on PGlite vs baseline:     ${ratio(pglite).toFixed(2)}x throughput, p99 ${pglite.outcome.p99.toFixed(0)} ms`);
    console.log(
      `memory on PostgreSQL: ${postgres.idleRssMb.toFixed(0)} MB idle (target < 150), ${postgres.loadRssMb.toFixed(0)} MB under load (target < 256); on PGlite ${pglite.idleRssMb.toFixed(0)} MB idle (target < 300)`,
    );
    console.log(`start-up to a healthy /healthz on PostgreSQL: ${postgres.startupMs.toFixed(0)} ms (target < 2000)`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await withScratchDatabase(run);
