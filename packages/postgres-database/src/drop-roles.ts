import type pg from "pg";
import { type TenantCluster, abandonedRole, literal, quoted } from "./tenant-cluster.ts";
import { type TenantNames, tenantNamePattern } from "./tenant-names.ts";

/**
 * Drops some of a tenant's roles. `DROP ROLE` fails while the role owns anything or holds a
 * privilege in any database, and another tenant can grant one of ours something in its own
 * database (on purpose, to stall maintenance), so each database that `pg_shdepend` names is
 * visited first: in the tenant's own, what the role owns goes to the owner and what it passed on
 * with a grant option is taken back; in every one, `DROP OWNED` revokes what it holds and drops
 * what it still owns. The owner role is never cleared out of its own database, whose data it
 * owns: that database is dropped first, or the role stays. Answers the roles that could not be
 * dropped all the same, which are left harmless.
 */
export async function dropRoles(cluster: TenantCluster, admin: pg.ClientBase, names: TenantNames, roles: string[]): Promise<string[]> {
  const leftBehind: string[] = [];
  for (const role of roles) {
    // Its grant options then come from direct grants only, so revoking them takes along what it passed on.
    if (role !== names.owner && role !== names.readOnly) await admin.query(`revoke ${quoted(names.owner)}, ${quoted(names.readOnly)} from ${quoted(role)}`);
    const { rows } = await admin.query<{ datname: string | null }>(
      `select distinct d.datname from pg_shdepend s left join pg_database d on d.oid = s.dbid
        where s.refclassid = 'pg_authid'::regclass and s.refobjid = (select oid from pg_roles where rolname = $1) and (s.dbid = 0 or d.datallowconn)`,
      [role],
    );
    for (const { datname } of rows) {
      const own = datname === names.database;
      if (own && role === names.owner) continue;
      // No database: privileges on shared objects (the tenant's database's CONNECT), which DROP OWNED revokes from wherever it runs.
      if (datname === null) await admin.query(`drop owned by ${quoted(role)}`);
      else if (own) await cluster.inDatabase(datname, (client) => clearOwn(client, names, role));
      else await cluster.inDatabase(datname, (client) => clearElsewhere(cluster, client, role));
    }
    try {
      await admin.query(`drop role if exists ${quoted(role)}`);
    } catch (error) {
      if ((error as { code?: string }).code !== "2BP01") throw error;
      // Still named by a grant DROP OWNED cannot take (made by another role through a grant option of its own): left unable
      // to log in or act as anyone, and marked, so that maintenance does not try it again every minute.
      await admin.query(`alter role ${quoted(role)} nologin`);
      await admin.query(`comment on role ${quoted(role)} is ${literal(abandonedRole)}`);
      leftBehind.push(role);
    }
  }
  return leftBehind;
}

async function clearOwn(client: pg.Client, names: TenantNames, role: string): Promise<void> {
  await client.query(`reassign owned by ${quoted(role)} to ${quoted(names.owner)}`);
  // DROP OWNED leaves what the role granted others with a grant option it held; CASCADE takes those too.
  const { rows } = await client.query<{ nspname: string }>("select nspname from pg_namespace where nspname !~ '^pg_' and nspname <> 'information_schema'");
  for (const schema of rows.map((row) => quoted(row.nspname))) {
    for (const objects of ["tables", "sequences", "routines"])
      await client.query(`revoke all on all ${objects} in schema ${schema} from ${quoted(role)} cascade`);
    await client.query(`revoke all on schema ${schema} from ${quoted(role)} cascade`);
  }
  await client.query(`drop owned by ${quoted(role)}`);
}

/**
 * In another tenant's database, where that tenant may keep a table locked that names our role
 * (in a policy, say) so that DROP OWNED waits: the sessions it waits for, a tenant's only, are
 * ended every two seconds until it is through.
 */
async function clearElsewhere(cluster: TenantCluster, client: pg.Client, role: string): Promise<void> {
  const { rows } = await client.query<{ pid: number }>("select pg_backend_pid() as pid");
  const endBlockers = () =>
    cluster
      .query(
        `select pg_terminate_backend(a.pid) from pg_stat_activity a
          where a.pid = any(pg_blocking_pids($1)) and a.usename like $2`,
        [rows[0]?.pid, tenantNamePattern],
      )
      .catch(() => {});
  const timer = setInterval(() => void endBlockers(), 2_000);
  try {
    await client.query(`drop owned by ${quoted(role)}`);
  } finally {
    clearInterval(timer);
  }
}
