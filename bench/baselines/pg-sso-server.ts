/**
 * The floor for an SSO sign-in, as a server of its own: the same form post, the same token
 * checks (timestamp window, sha1 and user-scoped sha256 compared in constant time) and the same
 * rows (the click spent, the resource-wide token marked shared, expired marks swept, the
 * resource looked up, the session inserted) in one transaction with `pg` and hand-written SQL,
 * then the same cookie and redirect; without addon-kit's validation or ORM. PORT, DATABASE_URL,
 * BENCH_SSO_PATH and BENCH_SSO_SALT.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import Fastify from "fastify";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const salt = process.env.BENCH_SSO_SALT ?? "";
const maxAgeSeconds = 300;
const app = Fastify();
app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_request, body, done) =>
  done(null, Object.fromEntries(new URLSearchParams(body as string))),
);

const hex = (algorithm: string, text: string) => createHash(algorithm).update(text).digest("hex");
const same = (expected: string, given: string | undefined) =>
  given !== undefined && expected.length === given.length && timingSafeEqual(Buffer.from(expected), Buffer.from(given.toLowerCase()));

app.get("/healthz", async () => {
  await pool.query("select 1");
  return { ok: true };
});

type Form = Record<"resource_id" | "timestamp" | "resource_token" | "user_scoped_resource_token" | "user_id" | "email" | "app" | "context_app", string>;

app.post<{ Body: Form }>(process.env.BENCH_SSO_PATH ?? "/sso/login", async (request, reply) => {
  const form = request.body;
  const now = Date.now();
  if (Math.abs(now / 1000 - Number(form.timestamp)) > maxAgeSeconds) return reply.code(403).send({ message: "stale" });
  const sha1 = hex("sha1", `${form.resource_id}:${salt}:${form.timestamp}`);
  const sha256 = hex("sha256", `${form.resource_id}:${salt}:${form.timestamp}:${form.user_id}:${form.email}`);
  if (!same(sha1, form.resource_token) || !same(sha256, form.user_scoped_resource_token)) return reply.code(403).send({ message: "token" });
  const token = randomBytes(32).toString("base64url");
  const client = await pool.connect();
  try {
    await client.query("begin");
    await client.query("insert into sso_token_uses (token_hash, used_at, shared) values ($1, now(), false)", [hex("sha256", `sha256:${sha256}`)]);
    const shared = hex("sha256", `sha1:${sha1}`);
    await client.query("insert into sso_token_uses (token_hash, used_at, shared) values ($1, now(), true) on conflict do nothing", [shared]);
    const { rows: marks } = await client.query<{ shared: boolean }>("select shared from sso_token_uses where token_hash = $1", [shared]);
    if (!marks[0]?.shared) throw new Error("replayed");
    await client.query("delete from sso_token_uses where used_at < $1", [new Date(now - 2 * maxAgeSeconds * 1000)]);
    const { rows } = await client.query<{ id: string }>("select id from resources where heroku_uuid = $1 and state <> 'deprovisioned'", [form.resource_id]);
    const resourceId = rows[0]?.id;
    if (!resourceId) throw new Error("no resource");
    await client.query(
      `insert into customer_sessions (id, token_hash, resource_id, heroku_user_id, email, user_verified, app, context_app, created_at, last_seen_at, expires_at, absolute_expires_at)
       values ($1, $2, $3, $4, $5, true, $6, $7, now(), now(), now() + interval '1 hour', now() + interval '8 hours')`,
      [randomUUID(), hex("sha256", token), resourceId, form.user_id, form.email, form.app, form.context_app],
    );
    await client.query("commit");
    void reply.header("set-cookie", `addon_session=${token}.${resourceId}; Path=/; HttpOnly; SameSite=Lax`);
    return reply.redirect(`/dashboard/${resourceId}`, 302);
  } catch (error) {
    await client.query("rollback");
    throw error;
  } finally {
    client.release();
  }
});

await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
