import type pg from "pg";
import { type TenantCluster, quoted } from "./tenant-cluster.ts";
import type { TenantNames } from "./tenant-names.ts";

/**
 * Drops some of a tenant's roles. `DROP ROLE` fails while the role owns anything or holds a
 * privilege in any database, and another tenant can grant one of ours something in its own
 * database (on purpose, to stall maintenance), so each database that `pg_shdepend` names is
 * visited first: in the tenant's own, what the role owns goes to the owner; in every one,
 * `DROP OWNED` revokes what it holds and drops what it still owns. The owner role is never
 * cleared out of its own database, whose data it owns: that database is dropped first, or the
 * role stays.
 */
export async function dropRoles(cluster: TenantCluster, admin: pg.ClientBase, names: TenantNames, roles: string[]): Promise<void> {
  for (const role of roles) {
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
      else
        await cluster.inDatabase(datname, async (client) => {
          if (own) await client.query(`reassign owned by ${quoted(role)} to ${quoted(names.owner)}`);
          await client.query(`drop owned by ${quoted(role)}`);
        });
    }
    await admin.query(`drop role if exists ${quoted(role)}`);
  }
}
