import pg from "pg";
import { type DatabaseTarget, pgSslOptions } from "./database-target.ts";

/** Any constant shared by every addon-kit process; "addonkit" in ASCII. */
const migrationLockKey = 0x6164646f6e6b6974n;

/**
 * Runs `work` while holding a PostgreSQL advisory lock, so that several servers starting at
 * once apply migrations one at a time (MikroORM's migrator takes no lock of its own). The
 * lock lives on a dedicated session: ending it releases the lock even if `work` throws.
 * PGlite needs none: one process owns its data directory.
 */
export async function withMigrationLock<T>(target: DatabaseTarget, work: () => Promise<T>): Promise<T> {
  if (target.kind !== "postgresql") return work();
  const client = new pg.Client({ connectionString: target.url, ssl: pgSslOptions(target.ssl) });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [migrationLockKey.toString()]);
    return await work();
  } finally {
    await client.end();
  }
}
