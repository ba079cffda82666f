import type pg from "pg";
import { z } from "zod";
import type { TenantNames } from "./tenant-names.ts";
import { literal, quoted } from "./tenant-cluster.ts";

/** What each plan in the catalog must say under `limits` to sell a database. */
export const databaseLimitsSchema = z.object({
  /** Connections to the database at once, across all its credentials. */
  connections: z.number().int().min(1).max(10_000),
  /** Longest a statement may run, as the database's default (`statement_timeout`); at least a millisecond, since 0 would mean no limit. */
  statementTimeoutSeconds: z.number().min(0.001).max(86_400),
  /** Beyond this, the database turns read-only once the grace is over. */
  storageMegabytes: z.number().positive(),
});
export type DatabaseLimits = z.infer<typeof databaseLimitsSchema>;

export const storageQuotaBytes = (limits: DatabaseLimits) => Math.floor(limits.storageMegabytes * 1024 * 1024);

/**
 * Applies a plan's limits in place. The connection limit is set on the database, which the
 * server enforces for every non-superuser however many credentials a rotation left working,
 * and on each login role; the statement timeout is the database's default, which a session
 * may still change for itself (PostgreSQL has no way to forbid that).
 */
export async function applyLimits(admin: pg.ClientBase, names: TenantNames, limits: DatabaseLimits, loginRoles: string[]): Promise<void> {
  await admin.query(`alter database ${quoted(names.database)} connection limit ${limits.connections}`);
  await admin.query(`alter database ${quoted(names.database)} set statement_timeout = ${literal(`${Math.round(limits.statementTimeoutSeconds * 1000)}ms`)}`);
  for (const role of loginRoles) {
    await admin.query(`alter role ${quoted(role)} connection limit ${limits.connections}`);
    // Sorts and cursors spill to temporary files outside the database's size: all sessions together may spill about the quota
    // (a setting only a superuser may change; PostgreSQL takes at most 2^31-1 kB).
    const perSessionKb = Math.min(2 ** 31 - 1, Math.ceil(storageQuotaBytes(limits) / 1024 / limits.connections));
    await admin.query(`alter role ${quoted(role)} set temp_file_limit = ${literal(`${perSessionKb}kB`)}`);
  }
}
