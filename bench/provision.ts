/**
 * Provision throughput and latency over HTTP on PostgreSQL, beside two baselines measured by
 * the same loop in the same run: a bare Fastify route (the HTTP floor) and the same database
 * writes done directly with `pg` (the database floor).
 *
 *   npm run bench                      # 2,000 provisions, 20 at a time
 *   BENCH_REQUESTS=5000 BENCH_CONCURRENCY=50 BENCH_DATABASE_URL=postgres://... npm run bench
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Fastify from "fastify";
import pg from "pg";
import { Pool } from "undici";
import { buildApp } from "@addon-kit/server/app";
import { loadConfig } from "@addon-kit/server/config";
import { type LoadResult, runLoad } from "./load.ts";
import { withScratchDatabase } from "./scratch-database.ts";

const requests = Number(process.env.BENCH_REQUESTS ?? 2000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 20);
const repositoryRoot = fileURLToPath(new URL("../", import.meta.url));

function provisionBody(): string {
  const uuid = randomUUID();
  const oauth_grant = { code: randomUUID(), expires_at: new Date(Date.now() + 300_000).toISOString(), type: "authorization_code" };
  return JSON.stringify({ uuid, name: `bench-${uuid.slice(0, 8)}`, plan: "basic", region: "amazon-web-services::us-east-1", options: {}, oauth_grant });
}

async function measureHttp(baseUrl: string, authorization: string): Promise<LoadResult> {
  const client = new Pool(baseUrl, { connections: concurrency });
  const operation = async () => {
    const response = await client.request({
      method: "POST",
      path: "/heroku/resources",
      headers: { authorization, "content-type": "application/json" },
      body: provisionBody(),
    });
    await response.body.text();
    if (response.statusCode !== 200) throw new Error(`${baseUrl} answered ${response.statusCode}`);
  };
  await runLoad(Math.min(200, requests), concurrency, operation);
  const result = await runLoad(requests, concurrency, operation);
  await client.close();
  return result;
}

/**
 * What one provision writes, as plain SQL: the resource, its sealed grant, its API key and its
 * first event (addon-kit also queues the grant exchange, a row in pg-boss's job table).
 */
async function measureDirectWrites(databaseUrl: string): Promise<LoadResult> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const operation = async () => {
    const client = await pool.connect();
    try {
      const id = randomUUID();
      const now = new Date();
      await client.query("begin");
      await client.query(
        `insert into resources (id, heroku_uuid, name, plan_slug, region, options, state, request_fingerprint, sealed_config, created_at, updated_at, provisioned_at)
         values ($1, $2, $3, 'basic', 'amazon-web-services::us-east-1', '{}', 'provisioned', $4, $5, $6, $6, $6)`,
        [id, randomUUID(), `direct-${id.slice(0, 8)}`, randomBytes(32).toString("hex"), randomBytes(120).toString("base64url"), now],
      );
      await client.query(
        "insert into heroku_authorizations (resource_id, sealed_grant_code, grant_expires_at, created_at, updated_at) values ($1, $2, $3, $3, $3)",
        [id, randomBytes(80).toString("base64url"), now],
      );
      await client.query("insert into api_keys (id, resource_id, key_hash, created_at) values ($1, $2, $3, $4)", [
        randomUUID(),
        id,
        createHash("sha256").update(randomBytes(24)).digest("hex"),
        now,
      ]);
      await client.query(
        "insert into resource_events (resource_id, type, actor, message, created_at) values ($1, 'provisioned', 'heroku', 'Provisioned', $2)",
        [id, now],
      );
      await client.query("commit");
    } finally {
      client.release();
    }
  };
  await runLoad(Math.min(200, requests), concurrency, operation);
  const result = await runLoad(requests, concurrency, operation);
  await pool.end();
  return result;
}

async function run(databaseUrl: string, database: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "addon-kit-bench-"));
  console.log(`Provision benchmark: ${requests} requests, ${concurrency} concurrent, PostgreSQL database ${database}`);
  try {
    // Each provision queues its grant exchange, as with Heroku; no worker runs, so nothing leaves the machine.
    const config = loadConfig(
      {
        LOG_LEVEL: "silent",
        DATABASE_URL: databaseUrl,
        DATA_DIR: dataDir,
        JOBS_IN_PROCESS: "false",
        HEROKU_API_URL: "http://127.0.0.1:9",
        HEROKU_ID_URL: "http://127.0.0.1:9",
      },
      repositoryRoot,
    );
    const authorization = `Basic ${Buffer.from(`${config.manifest.id}:${config.manifest.api.password}`).toString("base64")}`;
    const app = await buildApp(config);
    const addonKitUrl = await app.listen({ port: 0, host: "127.0.0.1" });

    const bare = Fastify();
    bare.post("/heroku/resources", async () => ({
      id: randomUUID(),
      config: { EXAMPLE_METRICS_API_KEY: randomBytes(24).toString("base64url") },
      message: "ok",
    }));
    const bareUrl = await bare.listen({ port: 0, host: "127.0.0.1" });

    const results: [string, LoadResult][] = [];
    console.log("  measuring bare Fastify route ...");
    results.push(["bare Fastify route", await measureHttp(bareUrl, authorization)]);
    console.log("  measuring direct pg writes ...");
    results.push(["direct pg writes (no HTTP)", await measureDirectWrites(databaseUrl)]);
    console.log("  measuring addon-kit provision ...");
    const addonKit = await measureHttp(addonKitUrl, authorization);
    results.push(["addon-kit POST /heroku/resources", addonKit]);
    await Promise.all([app.close(), bare.close()]);

    console.log("");
    console.log(`${"target".padEnd(34)}${"req/s".padStart(10)}${"p50 ms".padStart(10)}${"p99 ms".padStart(10)}`);
    for (const [name, result] of results) {
      console.log(`${name.padEnd(34)}${result.perSecond.toFixed(0).padStart(10)}${result.p50.toFixed(2).padStart(10)}${result.p99.toFixed(2).padStart(10)}`);
    }
    console.log("");
    for (const [name, baseline] of results.slice(0, 2)) {
      console.log(
        `addon-kit vs ${name}: ${(addonKit.perSecond / baseline.perSecond).toFixed(2)}x throughput, ${(addonKit.p50 / baseline.p50).toFixed(2)}x p50, ${(addonKit.p99 / baseline.p99).toFixed(2)}x p99`,
      );
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await withScratchDatabase(run);
