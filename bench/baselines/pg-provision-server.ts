/**
 * The database floor for a provision, as a server of its own: the same HTTP request, the same
 * Basic-auth check and the same rows (the resource, its grant, the queued grant exchange, its API
 * key and its first event) written in one transaction with `pg` and hand-written SQL, without
 * addon-kit's validation, ORM or sealing. PORT and DATABASE_URL as for addon-kit.
 *
 * The job is the one write not hand-written: pg-boss's own statement inserts it, through this
 * transaction's client, as any server queueing work with pg-boss would. A bare insert into its
 * table would skip the queue's retry, expiry and heartbeat policy, which the job row carries.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import Fastify from "fastify";
import pg from "pg";
import { PgBoss } from "pg-boss";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
// Started only to send: addon-kit's first start created the schema and the queues.
const boss = new PgBoss({ connectionString: process.env.DATABASE_URL, max: 2, supervise: false, schedule: false, migrate: false, createSchema: false });
await boss.start();
const expected = `Basic ${Buffer.from(process.env.BENCH_CREDENTIALS ?? "").toString("base64")}`;
const app = Fastify();

app.get("/healthz", async () => {
  await pool.query("select 1");
  return { ok: true };
});

app.post<{ Body: { uuid: string; name: string; plan: string; region: string; oauth_grant: { code: string; expires_at: string } } }>(
  "/heroku/resources",
  async (request, reply) => {
    if (request.headers.authorization !== expected) return reply.code(401).send({ message: "unauthorized" });
    const { uuid, name, plan, region, oauth_grant: grant } = request.body;
    const id = randomUUID();
    const key = `sk_${randomBytes(24).toString("base64url")}`;
    const client = await pool.connect();
    try {
      await client.query("begin");
      await client.query(
        `insert into resources (id, heroku_uuid, name, plan_slug, region, options, state, request_fingerprint, sealed_config, created_at, updated_at, provisioned_at, revision)
         values ($1, $2, $3, $4, $5, '{}', 'provisioned', $6, $7, now(), now(), now(), 0)`,
        [id, uuid, name, plan, region, randomBytes(32).toString("hex"), randomBytes(120).toString("base64url")],
      );
      await client.query(
        "insert into heroku_authorizations (resource_id, sealed_grant_code, grant_expires_at, created_at, updated_at) values ($1, $2, $3, now(), now())",
        [id, grant.code, grant.expires_at],
      );
      await boss.send("exchange-grant", { name: "exchange-grant", resourceId: id }, { db: { executeSql: (text, values) => client.query(text, values) } });
      await client.query("insert into api_keys (id, resource_id, key_hash, created_at) values ($1, $2, $3, now())", [
        randomUUID(),
        id,
        createHash("sha256").update(key).digest("hex"),
      ]);
      await client.query(
        "insert into resource_events (resource_id, type, actor, message, created_at) values ($1, 'provisioned', 'heroku', 'Provisioned', now())",
        [id],
      );
      await client.query("commit");
    } catch (error) {
      await client.query("rollback");
      throw error;
    } finally {
      client.release();
    }
    return { id, config: { EXAMPLE_METRICS_URL: "https://example.com", EXAMPLE_METRICS_API_KEY: key }, message: "ready" };
  },
);

await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
