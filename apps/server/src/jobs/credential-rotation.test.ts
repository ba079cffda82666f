import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { HerokuAuthorization, Resource, ResourceEvent, SecretBox, authenticateApiKey, openConfig, pushConfig, rotateCredentials } from "@addon-kit/domain";
import { buildHerokuContext } from "./heroku-context.ts";
import { type HerokuHarness, startHerokuHarness } from "../testing/heroku-harness.ts";

let heroku: HerokuHarness;
beforeAll(async () => {
  heroku = await startHerokuHarness();
});
afterAll(() => heroku.close());

/** What the console's rotation works with: the app's own provisioner, queue and events. */
const rotationContext = () => heroku.app.consoleServices;

/** A provisioned resource whose grant has been exchanged, so that its config can be pushed. */
async function provisioned() {
  const { uuid, body } = await heroku.driver.provision({ plan: "basic" });
  const resource = await heroku.app.orm.em.fork().findOneOrFail(Resource, { herokuUuid: uuid });
  await vi.waitFor(async () => expect(await heroku.app.orm.em.fork().count(ResourceEvent, { resource, type: "grant_exchanged" })).toBe(1), { timeout: 25_000 });
  return { uuid, resource, oldKey: (body as { config: Record<string, string> }).config.EXAMPLE_METRICS_API_KEY! };
}

describe("credential rotation", () => {
  it("pushes a new key to Heroku, and keeps the old one working for the grace period only", async () => {
    const { uuid, resource, oldKey } = await provisioned();
    const changed = await rotateCredentials(rotationContext(), resource.id, { staffEmail: "support@example.com", graceSeconds: 600 });
    expect(changed).toEqual(["EXAMPLE_METRICS_API_KEY"]);

    await vi.waitFor(async () => expect((await heroku.driver.addon(uuid)).config.EXAMPLE_METRICS_API_KEY).not.toBe(oldKey), { timeout: 25_000 });
    const newKey = (await heroku.driver.addon(uuid)).config.EXAMPLE_METRICS_API_KEY!;
    expect(newKey).not.toBe(oldKey);
    // Heroku answered the push; the grace starts once the service has recorded that.
    await vi.waitFor(async () => expect((await heroku.app.orm.em.fork().findOneOrFail(Resource, { id: resource.id })).pendingRotationGraceSeconds).toBeNull(), {
      timeout: 10_000,
    });
    expect(heroku.fake.callLog(uuid)).toContain(`PATCH /addons/${uuid}/config`);

    const em = heroku.app.orm.em.fork();
    expect((await authenticateApiKey(em, newKey))?.id).toBe(resource.id);
    expect((await authenticateApiKey(em, oldKey))?.id).toBe(resource.id);
    expect(await authenticateApiKey(em, oldKey, new Date(Date.now() + 601_000))).toBeNull();
    expect((await authenticateApiKey(em, newKey, new Date(Date.now() + 601_000)))?.id).toBe(resource.id);

    const event = await em.findOneOrFail(ResourceEvent, { resource, type: "credentials_rotated" });
    expect(event).toMatchObject({ actor: "staff:support@example.com", data: { names: ["EXAMPLE_METRICS_API_KEY"], graceSeconds: 600 } });
    await vi.waitFor(async () => expect((await heroku.driver.addon(uuid)).logLines.some((line) => line.endsWith("were rotated"))).toBe(true), {
      timeout: 25_000,
    });
  });

  it("starts the old key's grace period only once Heroku has the new config", async () => {
    const { uuid, resource, oldKey } = await provisioned();
    await heroku.driver.outage({ calls: 8, status: 503, path: "/config" });
    await rotateCredentials(rotationContext(), resource.id, { staffEmail: "support@example.com", graceSeconds: 300 });
    const pastGrace = () => new Date(Date.now() + 301_000);

    // Heroku does not have the new key yet: the apps still run on the old one, however long that lasts.
    expect((await heroku.driver.addon(uuid)).config.EXAMPLE_METRICS_API_KEY).toBe(oldKey);
    expect((await authenticateApiKey(heroku.app.orm.em.fork(), oldKey, pastGrace()))?.id).toBe(resource.id);

    await vi.waitFor(async () => expect((await heroku.app.orm.em.fork().findOneOrFail(Resource, { id: resource.id })).pendingRotationGraceSeconds).toBeNull(), {
      timeout: 45_000,
    });
    expect((await heroku.driver.addon(uuid)).config.EXAMPLE_METRICS_API_KEY).not.toBe(oldKey);
    expect(await authenticateApiKey(heroku.app.orm.em.fork(), oldKey, pastGrace())).toBeNull();
    expect((await authenticateApiKey(heroku.app.orm.em.fork(), oldKey))?.id).toBe(resource.id);
    expect(await heroku.app.orm.em.fork().count(ResourceEvent, { resource, type: "credentials_retired" })).toBe(1);
  });

  it("ends a replaced key a day after its rotation at the latest, should Heroku never accept the new config", async () => {
    const { resource, oldKey } = await provisioned();
    await heroku.driver.outage({ calls: 100_000, status: 503, path: "/config" });
    try {
      await rotateCredentials(rotationContext(), resource.id, { staffEmail: "support@example.com", graceSeconds: 300 });
      const em = heroku.app.orm.em.fork();
      expect((await authenticateApiKey(em, oldKey, new Date(Date.now() + 23 * 3_600_000)))?.id).toBe(resource.id);
      expect(await authenticateApiKey(em, oldKey, new Date(Date.now() + 24 * 3_600_000 + 1_000))).toBeNull();
    } finally {
      await heroku.driver.outage({ calls: 0 });
    }
  });

  it("refuses to rotate an add-on Heroku has given no access token, whose new config could never be sent", async () => {
    const { resource } = await provisioned();
    await heroku.app.orm.em.fork().nativeUpdate(HerokuAuthorization, { resourceId: resource.id }, { exchangedAt: null, sealedAccessToken: null });
    await expect(rotateCredentials(rotationContext(), resource.id, { staffEmail: "support@example.com", graceSeconds: 300 })).rejects.toThrow(
      "has not given this add-on an access token",
    );
  });

  it("pushes the new key once Heroku comes back from an outage", async () => {
    const { uuid, resource, oldKey } = await provisioned();
    expect((await heroku.driver.addon(uuid)).config.EXAMPLE_METRICS_API_KEY).toBe(oldKey);
    await heroku.driver.outage({ calls: 6, status: 503, path: "/config" });
    await rotateCredentials(rotationContext(), resource.id, { staffEmail: "support@example.com", graceSeconds: 60 });
    await vi.waitFor(async () => expect((await heroku.driver.addon(uuid)).config.EXAMPLE_METRICS_API_KEY).not.toBe(oldKey), { timeout: 25_000 });
    expect(heroku.fake.calls.filter((call) => call.addonId === uuid && call.status === 503)).toHaveLength(6);
  });

  it("leaves Heroku on the newest config when a rotation commits while an older push is in flight", async () => {
    const { uuid, resource } = await provisioned();
    const { provisioner, secrets, jobs } = rotationContext();
    const context = buildHerokuContext(heroku.config, { orm: heroku.app.orm, jobs, provisioner, secrets, eventSink: undefined, log: heroku.app.log });
    let rotatedMidPush = false;
    // The real client, with a second rotation committing right after the first PATCH lands.
    const interleaving = new Proxy(context.heroku, {
      get(target, property) {
        if (property === "updateConfig") {
          return async (...args: Parameters<typeof target.updateConfig>) => {
            await target.updateConfig(...args);
            if (!rotatedMidPush) {
              rotatedMidPush = true;
              await rotateCredentials(rotationContext(), resource.id, { staffEmail: "support@example.com", graceSeconds: 600 });
            }
          };
        }
        const value = Reflect.get(target, property);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });

    await pushConfig({ ...context, heroku: interleaving }, resource.id);
    const stored = await heroku.app.orm.em.fork().findOneOrFail(Resource, { id: resource.id });
    const newest = openConfig(new SecretBox(heroku.config.encryptionKey), stored.sealedConfig ?? "");
    expect((await heroku.driver.addon(uuid)).config.EXAMPLE_METRICS_API_KEY).toBe(newest.EXAMPLE_METRICS_API_KEY);
    expect(stored.configPushedAt).toBeInstanceOf(Date);
  });

  it("refreshes an access token about to expire before it uses it", async () => {
    const { uuid, resource, oldKey } = await provisioned();
    await heroku.app.orm.em.fork().nativeUpdate(HerokuAuthorization, { resourceId: resource.id }, { accessTokenExpiresAt: new Date(Date.now() + 60_000) });
    const tokenCalls = () =>
      heroku.fake.calls.filter((call) => call.addonId === uuid && call.path === "/oauth/token").map((call) => (call.body as { grant_type: string }).grant_type);
    expect(tokenCalls()).toEqual(["authorization_code"]);

    await rotateCredentials(rotationContext(), resource.id, { staffEmail: "support@example.com", graceSeconds: 60 });
    await vi.waitFor(async () => expect((await heroku.driver.addon(uuid)).config.EXAMPLE_METRICS_API_KEY).not.toBe(oldKey), { timeout: 25_000 });
    expect(tokenCalls()).toEqual(["authorization_code", "refresh_token"]);
    const authorization = await heroku.app.orm.em.fork().findOneOrFail(HerokuAuthorization, { resourceId: resource.id });
    expect(authorization.accessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 7 * 3_600_000);
  });

  it("keeps Heroku's tokens at rest only sealed", async () => {
    const { uuid } = await provisioned();
    const issued = [...heroku.fake.accessTokens, ...heroku.fake.refreshTokens].filter(([, addonId]) => addonId === uuid).map(([token]) => token);
    expect(issued.length).toBeGreaterThanOrEqual(2);
    const rows = JSON.stringify(await heroku.app.orm.em.getConnection().execute("select * from heroku_authorizations"));
    for (const token of issued) expect(rows).not.toContain(token);
  });

  it("refuses to rotate a resource that is not provisioned", async () => {
    const { uuid } = await provisioned();
    await heroku.driver.deprovision(uuid);
    const resource = await heroku.app.orm.em.fork().findOneOrFail(Resource, { herokuUuid: uuid });
    await expect(rotateCredentials(rotationContext(), resource.id, { staffEmail: "support@example.com", graceSeconds: 60 })).rejects.toThrow(
      "Credentials can only be rotated on a provisioned resource (this one is deprovisioned).",
    );
  });
});
