import type { EntityManager } from "@mikro-orm/core";
import { UnknownPlan } from "../errors.ts";
import { Plan } from "./plan.entity.ts";

/** The catalog plan a customer asked for; an unknown or retired slug names the plans on offer. */
export async function requireActivePlan(em: EntityManager, slug: string): Promise<Plan> {
  const plans = await em.find(Plan, { active: true }, { orderBy: { monthlyPriceCents: "asc", slug: "asc" } });
  const plan = plans.find((candidate) => candidate.slug === slug);
  if (!plan)
    throw new UnknownPlan(
      slug,
      plans.map((candidate) => candidate.slug),
    );
  return plan;
}
