/**
 * SSO sign-in throughput and latency, from Heroku's form post to the dashboard's redirect, with
 * the server and the load generator (autocannon) in processes of their own, beside a baseline
 * measured the same way in the same run: a server doing the same token checks and writing the
 * same rows with `pg` and hand-written SQL. Every click is a new one (a user of its own) on one
 * of a few provisioned resources, as a busy add-on's dashboard sees them. Then the same for
 * addon-kit on PGlite.
 *
 *   npm run bench:sso                  # 2,000 sign-ins, 20 connections
 *   BENCH_REQUESTS=5000 BENCH_CONCURRENCY=50 BENCH_DATABASE_URL=postgres://... npm run bench:sso
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { provisionBody } from "./heroku-requests.ts";
import type { MeasuredService } from "./service.ts";
import { withScratchDatabase } from "./scratch-database.ts";
import { type Measurement, addonManifest, measure, report, startAddonKit, startBaseline, throughputRatio } from "./server-measurement.ts";

const requests = Number(process.env.BENCH_REQUESTS ?? 2000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 20);
const resourceCount = 20;

const manifest = addonManifest();
const authorization = `Basic ${Buffer.from(`${manifest.id}:${manifest.api.password}`).toString("base64")}`;
const path = new URL(manifest.api.production.sso_url).pathname;
const salt = manifest.api.sso_salt;

/** Provisions the resources the clicks sign into, through the Partner API; answers their Heroku uuids. */
async function provisionResources(url: string): Promise<string[]> {
  const uuids = Array.from({ length: resourceCount }, () => randomUUID());
  for (const uuid of uuids) {
    const response = await fetch(`${url}/heroku/resources`, {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: provisionBody(uuid),
    });
    if (!response.ok) throw new Error(`provisioning ${uuid} answered ${response.status}: ${await response.text()}`);
  }
  return uuids;
}

const signIns = (resourceIds: string[]) => (url: string, amount: number) => ({
  scenario: "sso" as const,
  url,
  path,
  salt,
  resourceIds,
  connections: concurrency,
  amount,
});

/** addon-kit with the sign-in rate limit out of the way: the load comes from one address. */
const addonKit = (env: Record<string, string>) => startAddonKit({ SSO_RATE_LIMIT_PER_MINUTE: "1000000000", ...env });

async function run(databaseUrl: string, database: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "addon-kit-bench-"));
  console.log(
    `SSO benchmark: ${requests} sign-ins on ${resourceCount} resources, ${concurrency} connections from a separate process, PostgreSQL database ${database}`,
  );
  try {
    const onPostgres = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, JOBS_IN_PROCESS: "false" };
    // The first start migrates the database and provisions the resources, which the baseline reads as well.
    const first = await addonKit(onPostgres);
    const resourceIds = await provisionResources(first.url).finally(() => first.stop());

    const baseline = await measure(
      "baseline: same checks and rows with pg",
      () => startBaseline("pg-sso-server.ts", { DATABASE_URL: databaseUrl, BENCH_SSO_PATH: path, BENCH_SSO_SALT: salt }),
      signIns(resourceIds),
      requests,
    );
    const postgres = await measure("addon-kit on PostgreSQL", () => addonKit(onPostgres), signIns(resourceIds), requests);
    // PGlite starts empty: its own resources are provisioned once it is up, before it is measured.
    let onPglite: string[] = [];
    const pglite = await measure(
      "addon-kit on PGlite",
      async (): Promise<MeasuredService> => {
        const service = await addonKit({ DATA_DIR: join(dataDir, "pglite-run"), JOBS_POLL_SECONDS: "60", JOBS_CONCURRENCY: "1" });
        onPglite = await provisionResources(service.url);
        return service;
      },
      (url, amount) => signIns(onPglite)(url, amount),
      requests,
    );
    report([baseline, postgres, pglite]);
    const ratio = (of: Measurement) => throughputRatio(of, baseline);
    console.log(`addon-kit on PostgreSQL vs baseline: ${ratio(postgres).toFixed(2)}x throughput (target 0.5x), p99 ${postgres.outcome.p99.toFixed(0)} ms`);
    console.log(`addon-kit on PGlite vs baseline:     ${ratio(pglite).toFixed(2)}x throughput, p99 ${pglite.outcome.p99.toFixed(0)} ms`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await withScratchDatabase(run);
