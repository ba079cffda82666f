import type { EntityManager } from "@mikro-orm/core";
import { UnknownPlan } from "../errors.ts";
import { Plan } from "./plan.entity.ts";

/**
 * How long a process reuses the active plans it read. The catalog changes only when a deploy
 * syncs a new file, and each process was started with that file: a process of the previous
 * release, still draining, may serve its own catalog this much longer.
 */
const catalogCacheMs = 30_000;
export const activePlansCacheKey = "active-plans";

/** The catalog plan a customer asked for; an unknown or retired slug names the plans on offer. */
export async function requireActivePlan(em: EntityManager, slug: string): Promise<Plan> {
  const plans = await em.find(Plan, { active: true }, { orderBy: { monthlyPriceCents: "asc", slug: "asc" }, cache: [activePlansCacheKey, catalogCacheMs] });
  const plan = plans.find((candidate) => candidate.slug === slug);
  if (!plan)
    throw new UnknownPlan(
      slug,
      plans.map((candidate) => candidate.slug),
    );
  return plan;
}
