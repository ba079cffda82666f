import type pg from "pg";
import type { TenantNames } from "./tenant-names.ts";
import { type TenantCluster, quoted } from "./tenant-cluster.ts";

/**
 * What a login role may do on its database: connect, and act as the owner (writable) or as the
 * read-only role. Sessions start as that role (`alter role ... in database ... set role`), so
 * what they create belongs to the owner and outlives any one generation of credentials.
 */
export async function grantAccess(admin: pg.ClientBase, names: TenantNames, role: string, mode: { readOnly: boolean }): Promise<void> {
  const [actAs, notAs] = mode.readOnly ? [names.readOnly, names.owner] : [names.owner, names.readOnly];
  await admin.query(`grant connect, temporary on database ${quoted(names.database)} to ${quoted(role)}`);
  await admin.query(`grant ${quoted(actAs)} to ${quoted(role)}`);
  await admin.query(`revoke ${quoted(notAs)} from ${quoted(role)}`);
  await admin.query(`alter role ${quoted(role)} in database ${quoted(names.database)} set role = ${quoted(actAs)}`);
}

/**
 * Over its quota, a database's credentials may still read, delete and truncate (so the customer
 * can shrink it) but not write; back under it, or on a larger plan, they are the owner again.
 * Privileges, not `default_transaction_read_only`, which any session may turn off; functions that
 * run as the owner (SECURITY DEFINER) run as the read-only role meanwhile. Their
 * sessions are ended, so none keeps acting as the owner (or stays read-only) until it reconnects.
 */
export async function setReadOnly(cluster: TenantCluster, admin: pg.ClientBase, names: TenantNames, readOnly: boolean): Promise<void> {
  const logins = (await cluster.loginRoles(admin, names)).filter((role) => role.canLogin).map((role) => role.name);
  if (readOnly) {
    await cluster.inDatabase(names.database, async (client) => {
      // A session that reset its role may have made objects of its own: they go to the owner too.
      if (logins.length > 0) await client.query(`reassign owned by ${logins.map(quoted).join(", ")} to ${quoted(names.owner)}`);
      const { rows } = await client.query<{ nspname: string }>(
        "select nspname from pg_namespace where nspowner = (select oid from pg_roles where rolname = $1)",
        [names.owner],
      );
      for (const { nspname } of rows) {
        const schema = quoted(nspname);
        await client.query(`grant usage on schema ${schema} to ${quoted(names.readOnly)}`);
        await client.query(`grant select, delete, truncate on all tables in schema ${schema} to ${quoted(names.readOnly)}`);
        await client.query(`grant select on all sequences in schema ${schema} to ${quoted(names.readOnly)}`);
      }
      // A SECURITY DEFINER function runs as its owner, who may write: while read-only, it belongs to the read-only role.
      const { rows: definers } = await client.query<{ fn: string }>(
        "select oid::regprocedure::text as fn from pg_proc where prosecdef and proowner = (select oid from pg_roles where rolname = $1)",
        [names.owner],
      );
      for (const { fn } of definers) await client.query(`alter routine ${fn} owner to ${quoted(names.readOnly)}`);
    });
  } else if (await cluster.databaseExists(admin, names.database)) {
    await cluster.inDatabase(names.database, (client) => client.query(`reassign owned by ${quoted(names.readOnly)} to ${quoted(names.owner)}`));
  }
  for (const role of logins) await grantAccess(admin, names, role, { readOnly });
  await cluster.endSessions(admin, names.database, logins);
}
