/**
 * SSO sign-in throughput and latency, from Heroku's form post to the dashboard's redirect, with
 * the server and the load generator (autocannon) in processes of their own, beside a baseline
 * measured the same way in the same run: a server doing the same token checks and writing the
 * same rows with `pg` and hand-written SQL. Every click is a new one (a user of its own) on one
 * of a few provisioned resources, as a busy add-on's dashboard sees them. Then the same for
 * addon-kit on PGlite.
 *
 *   npm run bench:sso                  # 2,000 sign-ins, 20 connections, 3 rounds
 *   BENCH_REQUESTS=5000 BENCH_CONCURRENCY=50 BENCH_ROUNDS=5 BENCH_DATABASE_URL=postgres://... npm run bench:sso
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { provisionBody } from "./heroku-requests.ts";
import { withScratchDatabase } from "./scratch-database.ts";
import { type Measurement, addonManifest, measure, measureInTurns, describeRatio, report, startAddonKit, startBaseline } from "./server-measurement.ts";

const requests = Number(process.env.BENCH_REQUESTS ?? 2000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 20);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
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
    `SSO benchmark: ${requests} sign-ins on ${resourceCount} resources, ${concurrency} connections from a separate process, PostgreSQL database ${database}; medians of ${rounds} rounds taken in turns`,
  );
  try {
    const onPostgres = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, JOBS_IN_PROCESS: "false" };
    // The first start migrates the database and provisions the resources, which the baseline reads as well.
    const first = await addonKit(onPostgres);
    const resourceIds = await provisionResources(first.url).finally(() => first.stop());

    const [baseline, postgres] = await measureInTurns(
      [
        {
          name: "baseline: same checks and rows with pg",
          start: () => startBaseline("pg-sso-server.ts", { DATABASE_URL: databaseUrl, BENCH_SSO_PATH: path, BENCH_SSO_SALT: salt }),
          loadFor: signIns(resourceIds),
        },
        { name: "addon-kit on PostgreSQL", start: () => addonKit(onPostgres), loadFor: signIns(resourceIds) },
      ],
      requests,
      rounds,
    );
    if (!baseline || !postgres) throw new Error("a target was not measured");
    // On PGlite too the first start creates the database (and its initdb's memory, which a restarted server does not hold) and the resources.
    const onPglite = { DATA_DIR: join(dataDir, "pglite-run"), JOBS_POLL_SECONDS: "60", JOBS_CONCURRENCY: "1" };
    const firstOnPglite = await addonKit(onPglite);
    const pgliteResourceIds = await provisionResources(firstOnPglite.url).finally(() => firstOnPglite.stop());
    const pglite = await measure("addon-kit on PGlite", () => addonKit(onPglite), signIns(pgliteResourceIds), requests);
    report([baseline, postgres, pglite]);
    const ratio = (of: Measurement) => describeRatio(of, baseline);
    console.log(`addon-kit on PostgreSQL vs baseline: ${ratio(postgres)} throughput (target 0.5x), p99 ${postgres.outcome.p99.toFixed(0)} ms`);
    console.log(`addon-kit on PGlite vs baseline:     ${ratio(pglite)} throughput, p99 ${pglite.outcome.p99.toFixed(0)} ms`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await withScratchDatabase(run);
