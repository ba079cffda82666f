import { type InferEntity, defineEntity, p } from "@mikro-orm/core";

/**
 * Attempts per key (a limit's name and a client address) in the current fixed window. In the
 * database, so that every web process counts against the same limit.
 */
export const RateLimitCounter = defineEntity({
  name: "RateLimitCounter",
  tableName: "rate_limit_counters",
  properties: {
    /** sha256 of the limit's name and the client's address. */
    key: p.string().primary(),
    count: p.integer(),
    windowEndsAt: p.datetime().index(),
  },
});
export type RateLimitCounter = InferEntity<typeof RateLimitCounter>;
