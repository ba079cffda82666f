import type pg from "pg";
import type { TenantNames } from "./tenant-names.ts";
import { quoted } from "./tenant-cluster.ts";

/**
 * What a login role may do on its database: connect, and act as the owner (writable) or as the
 * read-only role. Sessions start as that role (`alter role ... in database ... set role`), so
 * what they create belongs to the owner and outlives any one generation of credentials. Read-only
 * credentials lose TEMPORARY too: temporary tables take disk while their session lasts.
 */
export async function grantAccess(admin: pg.ClientBase, names: TenantNames, role: string, mode: { readOnly: boolean }): Promise<void> {
  const [actAs, notAs] = mode.readOnly ? [names.readOnly, names.owner] : [names.owner, names.readOnly];
  const database = quoted(names.database);
  await admin.query(`grant connect on database ${database} to ${quoted(role)}`);
  await admin.query(`${mode.readOnly ? "revoke" : "grant"} temporary on database ${database} ${mode.readOnly ? "from" : "to"} ${quoted(role)}`);
  await admin.query(`grant ${quoted(actAs)} to ${quoted(role)}`);
  await admin.query(`revoke ${quoted(notAs)} from ${quoted(role)}`);
  await admin.query(`alter role ${quoted(role)} in database ${quoted(names.database)} set role = ${quoted(actAs)}`);
}
