import type { EntityManager } from "@mikro-orm/core";
import { hashToken } from "../token-hash.ts";

export interface RateLimitHit {
  /** Attempts in the current window, this one included. */
  count: number;
  /** Milliseconds until the window ends. */
  resetsInMs: number;
}

/** Windows that ended this long ago are deleted when a key opens a new one. */
const keepEndedWindowsMs = 60_000;

/**
 * Counts one attempt for `key` in a fixed window of `windowMs`, atomically across processes.
 * Written as one SQL statement because the ORM's upsert cannot restart an ended window in the
 * same statement that counts, and two statements would race between web processes. Times are
 * the database's, so processes with drifting clocks still agree.
 */
export async function hitRateLimit(em: EntityManager, key: string, windowMs: number): Promise<RateLimitHit> {
  const connection = em.getConnection();
  const [row] = await connection.execute<{ count: number; resets_in_ms: number }[]>(
    `insert into rate_limit_counters as c (key, count, window_ends_at)
       values (?, 1, now() + ? * interval '1 millisecond')
     on conflict (key) do update set
       count = case when c.window_ends_at <= now() then 1 else c.count + 1 end,
       window_ends_at = case when c.window_ends_at <= now() then excluded.window_ends_at else c.window_ends_at end
     returning count, greatest(0, extract(epoch from (window_ends_at - now())) * 1000)::float8 as resets_in_ms`,
    // Hashed: a key carries client-chosen text (a forwarded address), which must not outgrow the column.
    [hashToken(key), windowMs],
  );
  if (!row) throw new Error("rate limit upsert returned no row");
  if (row.count === 1) {
    await connection.execute(`delete from rate_limit_counters where window_ends_at < now() - ? * interval '1 millisecond'`, [keepEndedWindowsMs]);
  }
  return { count: Number(row.count), resetsInMs: Math.ceil(Number(row.resets_in_ms)) };
}
