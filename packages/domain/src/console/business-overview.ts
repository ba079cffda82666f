import type { EntityManager } from "@mikro-orm/core";
import { type BusinessOverview, type PlanSummary, resourceStates } from "@addon-kit/contracts";
import { Plan } from "../plans/plan.entity.ts";

interface PlanRow {
  plan_slug: string;
  installs: string | number;
}
interface DayRow {
  day: string | Date;
  provisions: string | number;
  deprovisions: string | number;
}
interface StateRow {
  state: string;
  count: string | number;
}

/** The catalog with live installs per plan and the monthly recurring revenue they bring. */
export async function planSummary(em: EntityManager): Promise<PlanSummary> {
  const [plans, rows] = await Promise.all([
    em.find(Plan, {}, { orderBy: { monthlyPriceCents: "asc" } }),
    em.getConnection().execute("select plan_slug, count(*) as installs from resources where state = 'provisioned' group by plan_slug") as Promise<PlanRow[]>,
  ]);
  return plans.map((plan) => {
    const installs = Number(rows.find((row) => row.plan_slug === plan.slug)?.installs ?? 0);
    return {
      slug: plan.slug,
      name: plan.name,
      active: plan.active,
      provisioning: plan.provisioning,
      monthlyPriceCents: plan.monthlyPriceCents,
      limits: plan.limits,
      installs,
      monthlyRevenueCents: installs * plan.monthlyPriceCents,
    };
  });
}

/** Counts by state, provisions and deprovisions per day over the last `days` days, and revenue by plan. */
export async function businessOverview(em: EntityManager, days = 30, now = new Date()): Promise<BusinessOverview> {
  const since = new Date(now.getTime() - days * 86_400_000);
  const connection = em.getConnection();
  const [states, perDay, plans] = await Promise.all([
    connection.execute("select state, count(*) as count from resources group by state") as Promise<StateRow[]>,
    connection.execute(
      `select day, sum(provisions) as provisions, sum(deprovisions) as deprovisions from (
         select date_trunc('day', created_at) as day, 1 as provisions, 0 as deprovisions from resources where created_at >= ?
         union all
         select date_trunc('day', deprovisioned_at), 0, 1 from resources where deprovisioned_at >= ?
       ) as changes group by day order by day`,
      [since, since],
    ) as Promise<DayRow[]>,
    planSummary(em),
  ]);
  const count = (state: string) => Number(states.find((row) => row.state === state)?.count ?? 0);
  return {
    resources: Object.fromEntries(resourceStates.map((state) => [state, count(state)])) as BusinessOverview["resources"],
    perDay: perDay.map((row) => ({
      day: new Date(row.day).toISOString().slice(0, 10),
      provisions: Number(row.provisions),
      deprovisions: Number(row.deprovisions),
    })),
    revenueByPlan: plans.map((plan) => ({ slug: plan.slug, name: plan.name, installs: plan.installs, monthlyRevenueCents: plan.monthlyRevenueCents })),
    monthlyRevenueCents: plans.reduce((total, plan) => total + plan.monthlyRevenueCents, 0),
  };
}
