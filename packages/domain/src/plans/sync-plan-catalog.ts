import type { EntityManager } from "@mikro-orm/core";
import type { CatalogPlan } from "@addon-kit/contracts";
import { Plan } from "./plan.entity.ts";
import { activePlansCacheKey } from "./require-active-plan.ts";

/**
 * Makes the plans table match the catalog file. Plans missing from the file are retired
 * (inactive), not deleted: existing resources still refer to them.
 */
export async function syncPlanCatalog(em: EntityManager, catalog: readonly CatalogPlan[]): Promise<void> {
  await em.fork().transactional(async (tx) => {
    for (const plan of catalog) {
      await tx.upsert(Plan, { ...plan, active: true });
    }
    await tx.nativeUpdate(Plan, { slug: { $nin: catalog.map((plan) => plan.slug) } }, { active: false });
  });
  await em.fork().clearCache(activePlansCacheKey);
}
