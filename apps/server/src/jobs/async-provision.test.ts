import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ApiKey, AuditEntry, HerokuAuthorization, Resource, ResourceEvent, recordJobGaveUp } from "@addon-kit/domain";
import { signedInCaller } from "../testing/console-caller.ts";
import { type HerokuHarness, startHerokuHarness } from "../testing/heroku-harness.ts";

let heroku: HerokuHarness;
beforeAll(async () => {
  heroku = await startHerokuHarness();
});
afterAll(() => heroku.close());

const eventually = (assertion: () => Promise<void>, timeout = 25_000) => vi.waitFor(assertion, { timeout, interval: 200 });
const resourceFor = (uuid: string) => heroku.app.orm.em.fork().findOneOrFail(Resource, { herokuUuid: uuid }, { populate: ["plan"] });
const eventTypes = async (uuid: string) => {
  const resource = await resourceFor(uuid);
  const events = await heroku.app.orm.em.fork().find(ResourceEvent, { resource }, { orderBy: { id: "asc" } });
  return events.map((event) => event.type);
};
const provisionSteps = (uuid: string) =>
  heroku.fake.callLog(uuid).filter((call) => call === "POST /oauth/token" || call.endsWith("/config") || call.endsWith("/actions/provision"));

describe("asynchronous provisioning through Heroku", () => {
  it("answers 202, then exchanges the grant, pushes the config and marks the add-on provisioned, in that order", async () => {
    const { uuid, status, body } = await heroku.driver.provision({ plan: "premium" });
    expect(status).toBe(202);
    expect(body).toEqual({ id: expect.any(String), message: "Example Metrics is being provisioned. It will be available shortly." });
    expect((await resourceFor(uuid)).state).toBe("provisioning");

    await eventually(async () => expect((await heroku.driver.addon(uuid)).state).toBe("provisioned"));
    expect(provisionSteps(uuid)).toEqual(["POST /oauth/token", `PATCH /addons/${uuid}/config`, `POST /addons/${uuid}/actions/provision`]);
    const addon = await heroku.driver.addon(uuid);
    expect(Object.keys(addon.config).sort()).toEqual(["EXAMPLE_METRICS_API_KEY", "EXAMPLE_METRICS_URL"]);
    const resource = await resourceFor(uuid);
    expect(resource.state).toBe("provisioned");
    expect(resource.configPushedAt).toBeInstanceOf(Date);
  });

  it("answers replays with 202 while it works and 200 with the config once done, and provisions once", async () => {
    const first = await heroku.driver.provision({ plan: "premium" });
    const replays = await Promise.all(Array.from({ length: 5 }, () => heroku.driver.repeatProvision(first.request)));
    for (const replay of replays) expect(replay).toEqual(expect.objectContaining({ body: expect.objectContaining({ id: (first.body as { id: string }).id }) }));
    expect(replays.every((replay) => replay.status === 202 || replay.status === 200)).toBe(true);

    await eventually(async () => expect((await heroku.driver.addon(first.uuid)).state).toBe("provisioned"));
    // Heroku marks the add-on a moment before the job records that it did: wait for both.
    await eventually(async () => expect((await resourceFor(first.uuid)).state).toBe("provisioned"));
    const late = await heroku.driver.repeatProvision(first.request);
    expect(late.status).toBe(200);
    expect((late.body as { config: Record<string, string> }).config).toEqual((await heroku.driver.addon(first.uuid)).config);
    const resource = await resourceFor(first.uuid);
    expect(await heroku.app.orm.em.fork().count(ApiKey, { resource })).toBe(1);
    expect(provisionSteps(first.uuid)).toEqual(["POST /oauth/token", `PATCH /addons/${first.uuid}/config`, `POST /addons/${first.uuid}/actions/provision`]);
  });

  // More calls fail than the client retries within one attempt, so the job itself must retry,
  // after a backoff of some seconds: the wait allows for a loaded machine.
  it("keeps retrying through a Heroku outage and finishes once it ends", { timeout: 90_000 }, async () => {
    await heroku.driver.outage({ calls: 12, status: 503 });
    const { uuid, status } = await heroku.driver.provision({ plan: "premium" });
    expect(status).toBe(202);

    await eventually(async () => expect((await heroku.driver.addon(uuid)).state).toBe("provisioned"), 75_000);
    expect(heroku.fake.calls.filter((call) => call.status === 503).length).toBe(12);
    expect(provisionSteps(uuid)).toEqual(["POST /oauth/token", `PATCH /addons/${uuid}/config`, `POST /addons/${uuid}/actions/provision`]);
  });

  it("finishes a provision cut off by a restart exactly once", async () => {
    // Heroku stops answering `actions/provision`: the job has sent the config, then fails.
    await heroku.driver.outage({ calls: 1_000, status: 503, path: "/actions/provision" });
    const { uuid } = await heroku.driver.provision({ plan: "premium" });
    await eventually(async () => expect(heroku.fake.calls.some((call) => call.addonId === uuid && call.path.endsWith("/actions/provision"))).toBe(true));

    await heroku.stop();
    await heroku.driver.outage({ calls: 0 });
    await heroku.restart();

    await eventually(async () => expect((await resourceFor(uuid)).state).toBe("provisioned"));
    expect(provisionSteps(uuid)).toEqual(["POST /oauth/token", `PATCH /addons/${uuid}/config`, `POST /addons/${uuid}/actions/provision`]);
    const resource = await resourceFor(uuid);
    expect(await heroku.app.orm.em.fork().count(ApiKey, { resource })).toBe(1);
    const events = await eventTypes(uuid);
    expect(events.filter((type) => type === "tenant_created")).toHaveLength(1);
    expect(events.filter((type) => type === "provisioned")).toHaveLength(1);
  });

  it("records a provision Heroku's 12-hour limit has passed as failed, with the reason, and never marks it provisioned", async () => {
    await heroku.driver.outage({ calls: 1_000, status: 503, path: "/oauth/token" });
    const { uuid } = await heroku.driver.provision({ plan: "premium" });
    const em = heroku.app.orm.em.fork();
    await em.nativeUpdate(Resource, { herokuUuid: uuid }, { createdAt: new Date(Date.now() - 13 * 3_600_000) });
    await heroku.driver.outage({ calls: 0 });

    await eventually(async () => expect((await resourceFor(uuid)).state).toBe("failed"));
    expect((await resourceFor(uuid)).failureReason).toBe("Not finished within Heroku's 12-hour limit for asynchronous provisioning");
    expect((await heroku.driver.addon(uuid)).state).toBe("provisioning");
    expect(provisionSteps(uuid)).toEqual(["POST /oauth/token"]);
  });

  it("writes what happened to the app's log stream in logplex framing", async () => {
    const { uuid } = await heroku.driver.provision({ plan: "premium" });
    await eventually(async () => expect((await heroku.driver.addon(uuid)).logLines).toHaveLength(1));
    const [line] = (await heroku.driver.addon(uuid)).logLines;
    expect(line).toMatch(/^<190>1 \S+Z host app example-metrics - - addon-\w+ is provisioned on plan premium$/);
  });
});

describe("synchronous provisioning through Heroku", () => {
  it("answers 200 with the config, then exchanges the grant without touching the config or the provision action", async () => {
    const { uuid, status, body } = await heroku.driver.provision({ plan: "basic" });
    expect(status).toBe(200);
    expect(body).toMatchObject({ config: { EXAMPLE_METRICS_API_KEY: expect.stringMatching(/^sk_/) } });
    await eventually(async () => expect(await eventTypes(uuid)).toContain("grant_exchanged"));
    expect(provisionSteps(uuid)).toEqual(["POST /oauth/token"]);
  });

  it("lets an operator start a failed provision again, which then finishes, audited", { timeout: 90_000 }, async () => {
    await heroku.driver.outage({ calls: 10_000, status: 503, path: "/actions/provision" });
    const { uuid } = await heroku.driver.provision({ plan: "premium" });
    await eventually(async () => expect((await resourceFor(uuid)).configPushedAt).toBeInstanceOf(Date), 45_000);
    const { id } = await resourceFor(uuid);
    // What the worker records once finish-provision has used up its retries.
    await recordJobGaveUp(
      { em: heroku.app.orm.em, events: heroku.app.lifecycleEvents },
      { name: "finish-provision", resourceId: id },
      "Heroku kept answering 503",
    );
    expect((await resourceFor(uuid)).state).toBe("failed");
    await heroku.driver.outage({ calls: 0 });

    const { caller, email } = await signedInCaller(heroku.app, "operator");
    await expect(caller.resources.retryProvision({ id })).resolves.toEqual({ retried: true });
    await eventually(async () => expect((await heroku.driver.addon(uuid)).state).toBe("provisioned"));
    await eventually(async () => expect((await resourceFor(uuid)).state).toBe("provisioned"));
    expect(await eventTypes(uuid)).toContain("provision_retried");
    expect(await heroku.app.orm.em.fork().count(AuditEntry, { actor: email, action: "resource.retry_provision", target: `resource:${id}` })).toBe(1);
    await expect(caller.resources.retryProvision({ id })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("refuses to retry a failed provision whose grant expired before it was exchanged", async () => {
    await heroku.driver.outage({ calls: 10_000, status: 503, path: "/oauth/token" });
    try {
      const { uuid } = await heroku.driver.provision({ plan: "premium" });
      const { id } = await resourceFor(uuid);
      await heroku.app.orm.em.fork().nativeUpdate(HerokuAuthorization, { resourceId: id }, { grantExpiresAt: new Date(Date.now() - 1_000) });
      await recordJobGaveUp(
        { em: heroku.app.orm.em, events: heroku.app.lifecycleEvents },
        { name: "exchange-grant", resourceId: id },
        "Heroku kept answering 503",
      );
      const { caller } = await signedInCaller(heroku.app, "operator");
      await expect(caller.resources.retryProvision({ id })).rejects.toMatchObject({
        code: "CONFLICT",
        message: expect.stringContaining("grant for this provision has expired"),
      });
      expect((await resourceFor(uuid)).state).toBe("failed");
    } finally {
      await heroku.driver.outage({ calls: 0 });
    }
  });
});
