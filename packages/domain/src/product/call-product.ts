import type { EntityManager } from "@mikro-orm/core";
import { type ProductAnswer, storableExcerpt } from "@addon-kit/contracts";
import { CircuitBreaker } from "./circuit-breaker.entity.ts";

/** The breaker every call to the vendor's product goes through: provisioning and events alike. */
const breakerName = "product";

/**
 * After this many unavailable answers in a row, calls are skipped for `openSeconds`; then the
 * next call tries again, and one more failure opens the breaker at once. A product that is down
 * then costs a read per attempt instead of a timeout, and a backlog of jobs does not pile onto
 * it the moment it comes back.
 */
export const breakerPolicy = { failuresToOpen: 5, openSeconds: 10 };

/**
 * Calls the product unless the breaker is open, and records the outcome. Must run outside any
 * transaction: a failure is recorded even when the caller's change is not.
 */
export async function callProduct<T>(em: EntityManager, call: () => Promise<ProductAnswer<T>>): Promise<ProductAnswer<T>> {
  const breaker = await em.fork().findOne(CircuitBreaker, { name: breakerName });
  if (breaker?.openUntil && breaker.openUntil > new Date()) {
    const reason = `not called: the product failed ${breaker.consecutiveFailures} times in a row (last: ${breaker.lastFailure}); calls resume at ${breaker.openUntil.toISOString()}`;
    return { outcome: "unavailable", reason, status: null, ms: 0 };
  }
  const answer = await call();
  if (answer.outcome === "unavailable") await recordFailure(em, answer.reason);
  // A refusal is an answer too: the product is up.
  else if (breaker && breaker.consecutiveFailures > 0)
    await em.fork().nativeUpdate(CircuitBreaker, { name: breakerName }, { consecutiveFailures: 0, openUntil: null });
  return answer;
}

/** One statement, so failures counted by several processes at once all count; times are the database's. */
async function recordFailure(em: EntityManager, reason: string): Promise<void> {
  await em.getConnection().execute(
    `insert into circuit_breakers as b (name, consecutive_failures, open_until, last_failure, last_failure_at)
       values (?, 1, null, ?, now())
     on conflict (name) do update set
       consecutive_failures = b.consecutive_failures + 1,
       open_until = case when b.consecutive_failures + 1 >= ? then now() + ? * interval '1 second' else b.open_until end,
       last_failure = excluded.last_failure,
       last_failure_at = excluded.last_failure_at`,
    [breakerName, storableExcerpt(reason, 1000), breakerPolicy.failuresToOpen, breakerPolicy.openSeconds],
  );
}

/** For the console: the breaker's state, or null while the product has never failed. */
export async function productBreaker(em: EntityManager): Promise<CircuitBreaker | null> {
  return em.findOne(CircuitBreaker, { name: breakerName });
}
