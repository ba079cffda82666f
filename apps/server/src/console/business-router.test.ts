import { describe, expect, it } from "vitest";
import { signedInCaller } from "../testing/console-caller.ts";
import { herokuAuthorization, provisionThroughApi, useTestApp } from "../testing/test-app.ts";

const testApp = useTestApp();

describe("business figures", () => {
  it("counts live installs per plan and the monthly revenue they bring; a deprovision takes its plan's price off", async () => {
    const { caller } = await signedInCaller(testApp.app, "viewer");
    const before = await caller.business.plans();
    const basic = await provisionThroughApi(testApp.app, testApp.config, { plan: "basic" });
    await provisionThroughApi(testApp.app, testApp.config, { plan: "basic" });
    await testApp.app.inject({
      method: "DELETE",
      url: `/heroku/resources/${basic.herokuUuid}`,
      headers: { authorization: herokuAuthorization(testApp.config) },
    });

    const after = await caller.business.plans();
    const basicBefore = before.find((plan) => plan.slug === "basic")!;
    const basicAfter = after.find((plan) => plan.slug === "basic")!;
    expect(basicAfter.installs - basicBefore.installs).toBe(1);
    expect(basicAfter.monthlyRevenueCents - basicBefore.monthlyRevenueCents).toBe(basicAfter.monthlyPriceCents);
    expect(after.map((plan) => plan.slug)).toEqual(["test", "basic", "premium"]);
  });

  it("gives the overview: counts by state, provisions and deprovisions per day, revenue by plan", async () => {
    const { caller } = await signedInCaller(testApp.app, "viewer");
    const before = await caller.business.overview();
    const gone = await provisionThroughApi(testApp.app, testApp.config, { plan: "test" });
    await testApp.app.inject({
      method: "DELETE",
      url: `/heroku/resources/${gone.herokuUuid}`,
      headers: { authorization: herokuAuthorization(testApp.config) },
    });
    const after = await caller.business.overview();

    expect(after.resources.deprovisioned - before.resources.deprovisioned).toBe(1);
    const today = new Date().toISOString().slice(0, 10);
    const day = (overview: typeof after) => overview.perDay.find((entry) => entry.day === today) ?? { provisions: 0, deprovisions: 0 };
    expect(day(after).provisions - day(before).provisions).toBe(1);
    expect(day(after).deprovisions - day(before).deprovisions).toBe(1);
    expect(after.monthlyRevenueCents).toBe(after.revenueByPlan.reduce((total, plan) => total + plan.monthlyRevenueCents, 0));
  });
});
