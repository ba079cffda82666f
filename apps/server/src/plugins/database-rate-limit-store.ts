import type { MikroORM } from "@mikro-orm/core";
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from "@fastify/rate-limit";
import { hitRateLimit } from "@addon-kit/domain";

/**
 * A store for `@fastify/rate-limit` that counts in the database, so a limit holds across every
 * web process. The plugin ships only an in-memory store (one count per process) and a Redis
 * one; this service has no Redis, and no maintained store for PostgreSQL and PGlite exists.
 */
export function databaseRateLimitStore(orm: MikroORM): FastifyRateLimitStoreCtor {
  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      hitRateLimit(orm.em.fork(), key, timeWindow).then(
        (hit) => callback(null, { current: hit.count, ttl: hit.resetsInMs }),
        (error: Error) => callback(error),
      );
    }

    /** One table for every limit: each limit's `keyGenerator` puts the limit's name in its keys. */
    child(): FastifyRateLimitStore {
      return this;
    }
  }
  return DatabaseRateLimitStore;
}
