import { type InferEntity, defineEntity, p } from "@mikro-orm/core";

/**
 * Whether calls to another system are worth making: consecutive failures, and until when calls
 * are skipped. In the database, so every web and worker process stops calling together.
 */
export const CircuitBreaker = defineEntity({
  name: "CircuitBreaker",
  tableName: "circuit_breakers",
  properties: {
    name: p.string().primary(),
    consecutiveFailures: p.integer(),
    openUntil: p.datetime().nullable(),
    lastFailure: p.text().nullable(),
    lastFailureAt: p.datetime().nullable(),
  },
});
export type CircuitBreaker = InferEntity<typeof CircuitBreaker>;
