import pg from "pg";
import { type TenantNames, generationOf, tenantNames } from "./tenant-names.ts";

/**
 * The administrator's names resolve in the system catalog only: a tenant may create schemas,
 * functions and operators in its database, and none of them may stand in for a built-in while a
 * superuser runs maintenance there (CVE-2018-1058's lesson).
 */
const catalogOnly = "-c search_path=pg_catalog,pg_temp";

/**
 * In a tenant's database, the administrator's sessions ignore the plan's statement timeout (the
 * database's default, which would cut a long REASSIGN short) and wait a bounded time for locks
 * a tenant's session holds, so a hostile tenant delays maintenance by a pass at most.
 */
const maintenanceSession = `${catalogOnly} -c statement_timeout=0 -c lock_timeout=30s`;

/** Advisory lock space for tenants, apart from anyone else's locks on the cluster ("adkt"). */
const lockSpace = 0x61646b74;

/** The comment on a role no grant lets us drop: it is no one's credentials any more, and maintenance leaves it be. */
export const abandonedRole = "addon-kit: could not be dropped";

/** A tenant's login roles, oldest generation first, with what the cluster says of each. */
export interface LoginRole {
  name: string;
  generation: number;
  /** The idempotency key of the step that made it. */
  madeBy: string | null;
  /** Member of the read-only role instead of the owner. */
  readOnly: boolean;
  canLogin: boolean;
  validUntil: Date | null;
}

/**
 * The cluster the tenants' databases live on, reached as its superuser (`TENANT_DATABASE_URL`).
 * Work on one tenant holds its advisory lock on one connection, outside any transaction since
 * `CREATE DATABASE` cannot run in one; a process that dies loses its connection and with it the
 * lock, and the next attempt resumes.
 */
export class TenantCluster {
  readonly #adminUrl: string;
  readonly #pool: pg.Pool;

  constructor(adminUrl: string, options: { ssl?: pg.ConnectionConfig["ssl"] } = {}) {
    this.#adminUrl = adminUrl;
    this.#pool = new pg.Pool({
      connectionString: adminUrl,
      ssl: options.ssl,
      max: 4,
      application_name: "addon-kit",
      connectionTimeoutMillis: 10_000,
      options: catalogOnly,
    });
    // An idle connection the server dropped: the next checkout opens another.
    this.#pool.on("error", () => {});
  }

  query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    return this.#pool.query<R>(sql, params);
  }

  /** Runs `work` holding the tenant's lock, so racing attempts for one tenant take turns. */
  async withTenant<T>(resourceId: string, work: (admin: pg.PoolClient, names: TenantNames) => Promise<T>): Promise<T> {
    const names = tenantNames(resourceId);
    // Waits for another process's attempt; a hung one is given up on and retried later.
    const held = await this.#holding(names.owner, "wait 30s", (admin) => work(admin, names));
    if (!held.ran) throw new Error(`${names.database} is busy`);
    return held.value;
  }

  /**
   * Runs `work` unless another process is running work under the same `name`, in which case it
   * answers false at once: a periodic pass that finds the last one still going skips its turn
   * instead of queueing behind it with a connection held.
   */
  async unlessRunning(name: string, work: () => Promise<void>): Promise<boolean> {
    return (await this.#holding(`addon-kit:${name}`, "try", () => work())).ran;
  }

  /** Runs `work` holding a lock named `name` on the cluster, after waiting for another holder or not at all. */
  async #holding<T>(name: string, mode: "wait 30s" | "try", work: (admin: pg.PoolClient) => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    const admin = await this.#pool.connect();
    const key = [lockSpace, name];
    let broken = false;
    try {
      if (mode === "try") {
        const { rows } = await admin.query<{ locked: boolean }>("select pg_try_advisory_lock($1, hashtext($2)) as locked", key);
        if (!rows[0]?.locked) return { ran: false };
      } else {
        await admin.query("set lock_timeout = '30s'");
        await admin.query("select pg_advisory_lock($1, hashtext($2))", key);
      }
      try {
        return { ran: true, value: await work(admin) };
      } finally {
        await admin.query("select pg_advisory_unlock($1, hashtext($2))", key).catch(() => (broken = true));
      }
    } catch (error) {
      broken = true;
      throw error;
    } finally {
      // A connection that failed mid-way may still hold the lock: close it rather than pool it.
      admin.release(broken);
    }
  }

  /** Runs `work` on a connection to the tenant's own database, as the administrator. */
  async inDatabase<T>(database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
    const url = new URL(this.#adminUrl);
    url.pathname = `/${database}`;
    const client = new pg.Client({
      connectionString: url.toString(),
      ssl: this.#pool.options.ssl,
      application_name: "addon-kit",
      options: maintenanceSession,
    });
    client.on("error", () => {});
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  async databaseExists(admin: pg.ClientBase, database: string): Promise<boolean> {
    const { rowCount } = await admin.query("select 1 from pg_database where datname = $1", [database]);
    return rowCount === 1;
  }

  async roleExists(admin: pg.ClientBase, role: string): Promise<boolean> {
    const { rowCount } = await admin.query("select 1 from pg_roles where rolname = $1", [role]);
    return rowCount === 1;
  }

  /** The tenant's login roles, oldest first. */
  async loginRoles(admin: pg.ClientBase, names: TenantNames): Promise<LoginRole[]> {
    const { rows } = await admin.query<{ rolname: string; made_by: string | null; read_only: boolean; rolcanlogin: boolean; rolvaliduntil: Date | null }>(
      `select r.rolname, shobj_description(r.oid, 'pg_authid') as made_by, r.rolcanlogin, r.rolvaliduntil,
              exists (select 1 from pg_auth_members m join pg_roles g on g.oid = m.roleid where m.member = r.oid and g.rolname = $2) as read_only
         from pg_roles r where starts_with(r.rolname, $1)`,
      [`${names.owner}_g`, names.readOnly],
    );
    return rows
      .flatMap((row) => {
        const generation = generationOf(names, row.rolname);
        return generation === undefined || row.made_by === abandonedRole
          ? []
          : [{ name: row.rolname, generation, madeBy: row.made_by, readOnly: row.read_only, canLogin: row.rolcanlogin, validUntil: row.rolvaliduntil }];
      })
      .sort((a, b) => a.generation - b.generation);
  }

  /** Ends the sessions of these roles on the tenant's database, waiting (up to 5 s each) until they are gone. */
  async endSessions(admin: pg.ClientBase, database: string, roles: string[]): Promise<void> {
    await admin.query("select pg_terminate_backend(pid, 5000) from pg_stat_activity where datname = $1 and usename = any($2)", [database, roles]);
  }

  /** Ends every session the tenant's credentials have open, on any database. */
  async endTenantSessions(admin: pg.ClientBase, names: TenantNames): Promise<void> {
    await admin.query("select pg_terminate_backend(pid, 5000) from pg_stat_activity where starts_with(usename, $1)", [names.owner]);
  }

  end(): Promise<void> {
    return this.#pool.end();
  }
}

/** Runs `work` in one transaction on `admin`: what it makes is there whole after a crash, or not at all. */
export async function inTransaction<T>(admin: pg.ClientBase, work: () => Promise<T>): Promise<T> {
  await admin.query("begin");
  try {
    const value = await work();
    await admin.query("commit");
    return value;
  } catch (error) {
    await admin.query("rollback").catch(() => {});
    throw error;
  }
}

/** `"name"`, for the statements that take identifiers (every name here is made by tenantNames, but a schema's is the customer's). */
export const quoted = (identifier: string) => pg.escapeIdentifier(identifier);
export const literal = (value: string) => pg.escapeLiteral(value);
