import { describe, expect, it } from "vitest";
import { type Provisioner, PlanChangeRefused, Resource, ResourceEvent, apiKeyTenantProvisioner } from "@addon-kit/domain";
import { provisionRequest } from "@addon-kit/testing/factories";
import { herokuAuthorization, useTestApp } from "../testing/test-app.ts";

/** A vendor provisioner that refuses downgrades to the free plan, as some products must. */
function refusingFreeDowngrades(inner: Provisioner): Provisioner {
  return {
    ...inner,
    async changePlan(context) {
      if (context.plan.slug === "test") throw new PlanChangeRefused("Your usage is above the Test plan's limits; remove projects first.");
      return inner.changePlan(context);
    },
  };
}

const testApp = useTestApp(
  {},
  {
    provisioner: refusingFreeDowngrades(apiKeyTenantProvisioner({ configVarsPrefix: "EXAMPLE_METRICS", productUrl: "https://example.test" })),
  },
);

function call(method: "POST" | "PUT" | "DELETE", url: string, body?: unknown) {
  return testApp.app.inject({
    method,
    url,
    headers: { authorization: herokuAuthorization(testApp.config), ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { payload: JSON.stringify(body) } : {}),
  });
}

async function provisioned(plan = "basic") {
  const request = provisionRequest({ plan });
  expect((await call("POST", "/heroku/resources", request)).statusCode).toBe(200);
  return request.uuid;
}

describe("PUT /heroku/resources/:uuid (plan change)", () => {
  it("moves the resource to the new plan and says so", async () => {
    const uuid = await provisioned("basic");
    const response = await call("PUT", `/heroku/resources/${uuid}`, { plan: "premium", uuid });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ message: "Changed from the Basic plan to the Premium plan." });
    const em = testApp.app.orm.em.fork();
    const resource = await em.findOneOrFail(Resource, { herokuUuid: uuid });
    expect(resource.plan.slug).toBe("premium");
    const event = await em.findOneOrFail(ResourceEvent, { resource, type: "plan_changed" });
    expect(event.data).toEqual({ from: "basic", to: "premium" });
  });

  it("answers 200 when asked for the plan the resource is already on", async () => {
    const uuid = await provisioned("basic");
    const response = await call("PUT", `/heroku/resources/${uuid}`, { plan: "basic" });
    expect(response.statusCode).toBe(200);
    expect(response.json().message).toBe("Already on the Basic plan.");
  });

  it("answers 422 naming the plans on offer for an unknown plan, and keeps the old plan", async () => {
    const uuid = await provisioned("basic");
    const response = await call("PUT", `/heroku/resources/${uuid}`, { plan: "gold" });
    expect(response.statusCode).toBe(422);
    expect(response.json().message).toContain("Available plans: test, basic, premium");
    const resource = await testApp.app.orm.em.fork().findOneOrFail(Resource, { herokuUuid: uuid });
    expect(resource.plan.slug).toBe("basic");
  });

  it("answers 422 with the provisioner's own message when it refuses, and records the refusal", async () => {
    const uuid = await provisioned("basic");
    const response = await call("PUT", `/heroku/resources/${uuid}`, { plan: "test" });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toEqual({ message: "Your usage is above the Test plan's limits; remove projects first." });
    const em = testApp.app.orm.em.fork();
    const resource = await em.findOneOrFail(Resource, { herokuUuid: uuid });
    expect(resource.plan.slug).toBe("basic");
    expect(await em.count(ResourceEvent, { resource, type: "plan_change_refused" })).toBe(1);
  });

  it("answers 404 for a resource it never provisioned", async () => {
    const response = await call("PUT", `/heroku/resources/${provisionRequest().uuid}`, { plan: "basic" });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ message: "No such add-on resource." });
  });

  it("answers 410 for a deprovisioned resource", async () => {
    const uuid = await provisioned();
    expect((await call("DELETE", `/heroku/resources/${uuid}`)).statusCode).toBe(204);
    const response = await call("PUT", `/heroku/resources/${uuid}`, { plan: "premium" });
    expect(response.statusCode).toBe(410);
  });

  it("answers 400 to a path that is not a uuid and to a body without a plan", async () => {
    expect((await call("PUT", "/heroku/resources/not-a-uuid", { plan: "basic" })).statusCode).toBe(400);
    const uuid = await provisioned();
    const response = await call("PUT", `/heroku/resources/${uuid}`, { plan: "" });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain("body.plan");
  });

  it("applies concurrent changes to one resource one after another", async () => {
    const uuid = await provisioned("basic");
    const responses = await Promise.all(["premium", "basic", "premium", "basic", "premium"].map((plan) => call("PUT", `/heroku/resources/${uuid}`, { plan })));
    expect(responses.every((response) => response.statusCode === 200)).toBe(true);
    const em = testApp.app.orm.em.fork();
    const resource = await em.findOneOrFail(Resource, { herokuUuid: uuid });
    const changes = await em.find(ResourceEvent, { resource, type: "plan_changed" }, { orderBy: { id: "asc" } });
    // Each recorded change starts from where the previous one ended: no lost update.
    changes.forEach((change, index) => {
      if (index > 0) expect(change.data?.from).toBe(changes[index - 1]?.data?.to);
    });
    expect(changes.at(-1)?.data?.to).toBe(resource.plan.slug);
  });
});
