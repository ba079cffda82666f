import type pg from "pg";
import type { DatabaseAccess } from "@addon-kit/domain";
import { type DatabaseLimits, applyLimits } from "./database-limits.ts";
import { grantAccess } from "./tenant-access.ts";
import { type TenantCluster, literal, quoted } from "./tenant-cluster.ts";
import type { TenantNames } from "./tenant-names.ts";

/** A database's access is kept as its comment, which only its owner (the administrator) can set. */
const comments = { "read-only": "addon-kit: read-only", locked: "addon-kit: locked", switching: "addon-kit: switching" } as const;

export function accessOf(comment: string | null): DatabaseAccess {
  const found = Object.entries(comments).find(([, text]) => text === comment);
  return found ? (found[0] as DatabaseAccess) : "writable";
}

/**
 * Over its quota, a database's credentials may still read, delete and truncate (so the customer
 * can shrink it) but not write; back under it, or on a larger plan, they act as the owner again.
 *
 * Privileges, not `default_transaction_read_only`, which any session may turn off. A hostile
 * tenant prepares its escape while writable, so while read-only:
 * - no one may insert or update the tenant's tables, nor create in its schemas: not the read-only
 *   role, not the login roles, not PUBLIC (a grant to PUBLIC in a tenant's database only ever
 *   reached its own credentials, and is not restored), and not the owner either, as which rules
 *   and foreign keys' `ON DELETE SET ...` act;
 * - functions that run as the owner (SECURITY DEFINER) run as the read-only role;
 * - large objects cannot be written, nor temporary tables made.
 *
 * Locked is read-only with no connections at all (for a tenant that got around all this).
 *
 * The tenant is locked out (a connection limit of 0, which the administrator is not held to)
 * and its sessions ended while the privileges change, so none holds a lock the change would
 * wait behind nor keeps the old rights; the database is marked as switching until the end, so
 * a crash anywhere leaves a state the next pass recognises and finishes.
 */
export async function switchAccess(
  cluster: TenantCluster,
  admin: pg.ClientBase,
  names: TenantNames,
  access: Exclude<DatabaseAccess, "switching">,
  limits: DatabaseLimits,
): Promise<void> {
  const readOnly = access !== "writable";
  await markAccess(admin, names, "switching");
  await admin.query(`alter database ${quoted(names.database)} connection limit 0`);
  await cluster.endTenantSessions(admin, names);
  const logins = (await cluster.loginRoles(admin, names)).map((role) => role.name);
  // First, so that a login role no longer holds the owner's grant options, and revoking what it passed on cascades.
  for (const role of logins) await grantAccess(admin, names, role, { readOnly });
  await cluster.inDatabase(names.database, (client) => (readOnly ? takeWriteRights(client, names, logins) : giveWriteRights(client, names)));
  // A session that got past the limit as it was set (still starting up, not yet listed) is ended too.
  await cluster.endTenantSessions(admin, names);
  // Locked, the database keeps its limit of no connections.
  if (access !== "locked") await applyLimits(admin, names, limits, logins);
  await markAccess(admin, names, access);
}

async function takeWriteRights(client: pg.Client, names: TenantNames, logins: string[]): Promise<void> {
  const [owner, readOnly] = [quoted(names.owner), quoted(names.readOnly)];
  // A session that set its role back to its login role may have made objects of its own: they go to the owner too.
  if (logins.length > 0) await client.query(`reassign owned by ${logins.map(quoted).join(", ")} to ${owner}`);
  // Everyone a tenant could have granted a right to in its own database; CASCADE also takes what they passed on with a grant option.
  const grantees = ["public", readOnly, ...logins.map(quoted)].join(", ");
  for (const schema of await ownedSchemas(client, names)) {
    await client.query(`revoke create on schema ${schema} from ${grantees}, ${owner} cascade`);
    await client.query(`revoke insert, update on all tables in schema ${schema} from ${grantees}, ${owner} cascade`);
    await client.query(`revoke usage, update on all sequences in schema ${schema} from ${grantees} cascade`);
    await client.query(`grant usage on schema ${schema} to ${readOnly}`);
    await client.query(`grant select, delete, truncate on all tables in schema ${schema} to ${readOnly}`);
    await client.query(`grant select on all sequences in schema ${schema} to ${readOnly}`);
  }
  const { rows: largeObjects } = await client.query<{ oid: string }>(
    "select oid::text from pg_largeobject_metadata where lomowner = (select oid from pg_roles where rolname = $1)",
    [names.owner],
  );
  for (let at = 0; at < largeObjects.length; at += 1000) {
    const oids = largeObjects.slice(at, at + 1000).map((row) => row.oid);
    await client.query(`revoke update on large object ${oids.join(", ")} from ${grantees} cascade`);
  }
  const { rows: definers } = await client.query<{ fn: string }>(
    "select oid::regprocedure::text as fn from pg_proc where prosecdef and proowner = (select oid from pg_roles where rolname = $1)",
    [names.owner],
  );
  for (const { fn } of definers) await client.query(`alter routine ${fn} owner to ${readOnly}`);
}

async function giveWriteRights(client: pg.Client, names: TenantNames): Promise<void> {
  await client.query(`reassign owned by ${quoted(names.readOnly)} to ${quoted(names.owner)}`);
  for (const schema of await ownedSchemas(client, names)) {
    await client.query(`grant create on schema ${schema} to ${quoted(names.owner)}`);
    await client.query(`grant insert, update on all tables in schema ${schema} to ${quoted(names.owner)}`);
  }
}

/** The tenant's schemas, quoted: everything it made lives in one (`public` is the owner's too). */
async function ownedSchemas(client: pg.Client, names: TenantNames): Promise<string[]> {
  const { rows } = await client.query<{ nspname: string }>("select nspname from pg_namespace where nspowner = (select oid from pg_roles where rolname = $1)", [
    names.owner,
  ]);
  return rows.map((row) => quoted(row.nspname));
}

async function markAccess(admin: pg.ClientBase, names: TenantNames, access: DatabaseAccess): Promise<void> {
  const comment = access === "writable" ? "null" : literal(comments[access]);
  await admin.query(`comment on database ${quoted(names.database)} is ${comment}`);
}
