import { createHash, randomBytes } from "node:crypto";
import { DatabaseSync } from "node:sqlite";

/**
 * The product's own database (SQLite, built into Node): its tenants, their API keys (hashed),
 * their projects, the answers it gave per idempotency key, and the events it received. Every
 * call is synchronous, so each request handler runs as one uninterrupted step: two requests
 * for one tenant can never interleave.
 */
export class Store {
  readonly #db: DatabaseSync;

  constructor(path: string) {
    this.#db = new DatabaseSync(path);
    this.#db.exec(`
      pragma journal_mode = wal;
      create table if not exists tenants (
        heroku_uuid text primary key, resource_id text not null, name text not null,
        plan text not null, project_limit integer not null, region text not null,
        deleted_at text, created_at text not null default (datetime('now')));
      create table if not exists api_keys (
        key_hash text primary key, heroku_uuid text not null, created_at text not null, expires_at text, issued_by text);
      create table if not exists projects (id integer primary key, heroku_uuid text not null, name text not null);
      create table if not exists answers (
        idempotency_key text primary key, request_hash text not null, status integer not null, body text not null);
      create table if not exists sessions (id text primary key, user text not null, created_at text not null);
      create table if not exists events (
        webhook_id text primary key, heroku_uuid text not null, type text not null, received_at text not null, payload text not null);
    `);
  }

  /**
   * The answer given before to this idempotency key, or the new one `work` gives (kept only if it
   * succeeded: a refusal is decided afresh). A key seen with another body is a conflict (409).
   * Answers hold new API keys, so this table needs the protection the keys' hashes get; a real
   * product deletes rows older than the retry window (a day).
   */
  idempotent(key: string, body: string, work: () => { status: number; body: unknown }): { status: number; body: unknown } {
    const requestHash = createHash("sha256").update(body).digest("hex");
    const previous = this.#db.prepare("select request_hash, status, body from answers where idempotency_key = ?").get(key) as
      { request_hash: string; status: number; body: string } | undefined;
    if (previous) {
      if (previous.request_hash !== requestHash) return { status: 409, body: { message: "This idempotency key was used with another request." } };
      return { status: previous.status, body: JSON.parse(previous.body) };
    }
    const answer = work();
    if (answer.status < 300) {
      this.#db
        .prepare("insert into answers (idempotency_key, request_hash, status, body) values (?, ?, ?, ?)")
        .run(key, requestHash, answer.status, JSON.stringify(answer.body));
    }
    return answer;
  }

  tenant(herokuUuid: string): Tenant | undefined {
    return this.#db.prepare("select * from tenants where heroku_uuid = ? and deleted_at is null").get(herokuUuid) as Tenant | undefined;
  }

  wasDeleted(herokuUuid: string): boolean {
    return this.#db.prepare("select 1 from tenants where heroku_uuid = ? and deleted_at is not null").get(herokuUuid) !== undefined;
  }

  createTenant(tenant: Omit<Tenant, "deleted_at" | "created_at">): void {
    this.#db
      .prepare("insert into tenants (heroku_uuid, resource_id, name, plan, project_limit, region) values (?, ?, ?, ?, ?, ?)")
      .run(tenant.heroku_uuid, tenant.resource_id, tenant.name, tenant.plan, tenant.project_limit, tenant.region);
  }

  changePlan(herokuUuid: string, plan: string, projectLimit: number): void {
    this.#db.prepare("update tenants set plan = ?, project_limit = ? where heroku_uuid = ?").run(plan, projectLimit, herokuUuid);
  }

  deleteTenant(herokuUuid: string, now: Date): void {
    this.#db.prepare("update tenants set deleted_at = ? where heroku_uuid = ?").run(now.toISOString(), herokuUuid);
    this.#db
      .prepare("update api_keys set expires_at = ? where heroku_uuid = ? and (expires_at is null or expires_at > ?)")
      .run(now.toISOString(), herokuUuid, now.toISOString());
  }

  /** A new API key for the tenant, issued by the call with this idempotency key; only its hash is kept. */
  issueKey(herokuUuid: string, now: Date, issuedBy: string): string {
    const key = `ex_${randomBytes(24).toString("base64url")}`;
    this.#db
      .prepare("insert into api_keys (key_hash, heroku_uuid, created_at, issued_by) values (?, ?, ?, ?)")
      .run(hash(key), herokuUuid, now.toISOString(), issuedBy);
    return key;
  }

  /**
   * Every key issued before the one the rotation `rotationKey` issued (the one Heroku has; the
   * newest without it) ends at `at`, or sooner if it already ends sooner. Keys issued after it
   * stay: a rotation that was never recorded may be retried. False when no key was issued by
   * `rotationKey`, and nothing ends.
   */
  retireOlderKeys(herokuUuid: string, at: Date, rotationKey: string | undefined): boolean {
    const kept = this.#db
      .prepare(
        rotationKey
          ? "select rowid from api_keys where heroku_uuid = ? and issued_by = ?"
          : "select rowid from api_keys where heroku_uuid = ? order by created_at desc, rowid desc limit 1",
      )
      .get(...(rotationKey ? [herokuUuid, rotationKey] : [herokuUuid])) as { rowid: number } | undefined;
    if (!kept) return false;
    this.#db
      .prepare("update api_keys set expires_at = ? where heroku_uuid = ? and (expires_at is null or expires_at > ?) and rowid < ?")
      .run(at.toISOString(), herokuUuid, at.toISOString(), kept.rowid);
    return true;
  }

  /** The live tenant a key opens, or undefined for an unknown, expired or deleted tenant's key. */
  tenantByKey(key: string, now: Date): Tenant | undefined {
    const row = this.#db
      .prepare("select heroku_uuid from api_keys where key_hash = ? and (expires_at is null or expires_at > ?)")
      .get(hash(key), now.toISOString()) as { heroku_uuid: string } | undefined;
    return row ? this.tenant(row.heroku_uuid) : undefined;
  }

  projectCount(herokuUuid: string): number {
    return (this.#db.prepare("select count(*) as n from projects where heroku_uuid = ?").get(herokuUuid) as { n: number }).n;
  }

  addProject(herokuUuid: string, name: string): void {
    this.#db.prepare("insert into projects (heroku_uuid, name) values (?, ?)").run(herokuUuid, name);
  }

  /** Records an event once per webhook-id; false for one seen before. */
  recordEvent(webhookId: string, herokuUuid: string, type: string, payload: string, now: Date): boolean {
    const result = this.#db
      .prepare("insert into events (webhook_id, heroku_uuid, type, received_at, payload) values (?, ?, ?, ?, ?) on conflict do nothing")
      .run(webhookId, herokuUuid, type, now.toISOString(), payload);
    return result.changes === 1;
  }

  /** What the product has seen of a tenant, oldest event first (deleted tenants included). */
  history(herokuUuid: string) {
    const tenant = this.#db.prepare("select * from tenants where heroku_uuid = ?").get(herokuUuid) as Tenant | undefined;
    const events = this.#db.prepare("select webhook_id, type, received_at from events where heroku_uuid = ? order by rowid").all(herokuUuid);
    const keys = this.#db.prepare("select created_at, expires_at from api_keys where heroku_uuid = ? order by created_at").all(herokuUuid);
    return { tenant: tenant ?? null, events, keys, projects: this.projectCount(herokuUuid) };
  }

  /** A signed-in user's session in the product: the ID token's claims. */
  openSession(id: string, user: string, now: Date): void {
    this.#db.prepare("insert into sessions (id, user, created_at) values (?, ?, ?)").run(id, user, now.toISOString());
  }

  session(id: string): string | undefined {
    return (this.#db.prepare("select user from sessions where id = ?").get(id) as { user: string } | undefined)?.user;
  }

  close(): void {
    this.#db.close();
  }
}

export interface Tenant {
  heroku_uuid: string;
  resource_id: string;
  name: string;
  plan: string;
  project_limit: number;
  region: string;
  deleted_at: string | null;
  created_at: string;
}

function hash(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}
