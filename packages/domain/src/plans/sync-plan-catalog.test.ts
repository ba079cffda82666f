import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MikroORM } from "@mikro-orm/core";
import type { CatalogPlan } from "@addon-kit/contracts";
import { UnknownPlan } from "../errors.ts";
import { exampleCatalog, openTestDatabase } from "../testing/open-test-database.ts";
import { Plan } from "./plan.entity.ts";
import { requireActivePlan } from "./require-active-plan.ts";
import { syncPlanCatalog } from "./sync-plan-catalog.ts";

let orm: MikroORM;
beforeAll(async () => {
  orm = await openTestDatabase();
});
afterAll(() => orm.close());

// Other test files share the database and the example plans, so only a plan of this file's own comes and goes.
const seasonalPlan = (): CatalogPlan => ({
  slug: `seasonal-${randomBytes(4).toString("hex")}`,
  name: "Seasonal",
  monthlyPriceCents: 900,
  limits: { projects: 2 },
  provisioning: "sync",
});

describe("syncPlanCatalog", () => {
  it("writes new plans and updates changed ones", async () => {
    const plan = seasonalPlan();
    await syncPlanCatalog(orm.em, [...exampleCatalog, plan]);
    await syncPlanCatalog(orm.em, [...exampleCatalog, { ...plan, name: "Seasonal+", monthlyPriceCents: 1900 }]);
    const stored = await orm.em.fork().findOneOrFail(Plan, { slug: plan.slug });
    expect(stored).toMatchObject({ name: "Seasonal+", monthlyPriceCents: 1900, limits: { projects: 2 }, active: true });
  });

  it("retires a plan the catalog no longer lists instead of deleting it, and offers it no more", async () => {
    const plan = seasonalPlan();
    await syncPlanCatalog(orm.em, [...exampleCatalog, plan]);
    await syncPlanCatalog(orm.em, exampleCatalog);
    const em = orm.em.fork();
    expect(await em.findOneOrFail(Plan, { slug: plan.slug })).toMatchObject({ active: false });
    await expect(requireActivePlan(em, plan.slug)).rejects.toThrow(UnknownPlan);
    expect((await requireActivePlan(em, "basic")).slug).toBe("basic");
  });
});
