import { describe, expect, it } from "vitest";
import { signedSsoForm } from "@addon-kit/contracts";
import { Attachment, AuditEntry, ResourceEvent, signInWithSso } from "@addon-kit/domain";
import { CustomerBrowser } from "../testing/customer-browser.ts";
import { signedInCaller } from "../testing/console-caller.ts";
import { herokuAuthorization, provisionThroughApi, storeHerokuTokens, useTestApp } from "../testing/test-app.ts";

const testApp = useTestApp();

/** Resources whose names share a prefix no other test uses, so that searches see only them. */
async function provisionMany(count: number, overrides: Record<string, unknown> = {}) {
  const prefix = `t${crypto.randomUUID().slice(0, 8)}`;
  const created = [];
  for (let index = 0; index < count; index++) {
    created.push(await provisionThroughApi(testApp.app, testApp.config, { name: `${prefix}-${String(index).padStart(2, "0")}`, ...overrides }));
  }
  return { prefix, created };
}

const viewer = () => signedInCaller(testApp.app, "viewer");

describe("resources.list", () => {
  it("pages through resources newest first, without gaps or repeats", async () => {
    const { prefix, created } = await provisionMany(12);
    const { caller } = await viewer();
    const pages = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof caller.resources.list>> = await caller.resources.list({ search: prefix, limit: 5, cursor });
      pages.push(page.items.map((item) => item.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.map((page) => page.length)).toEqual([5, 5, 2]);
    expect(pages.flat()).toEqual(created.map((resource) => resource.name).reverse());
  });

  it("filters by state, plan and region", async () => {
    const { prefix, created } = await provisionMany(3);
    await testApp.app.inject({
      method: "DELETE",
      url: `/heroku/resources/${created[0]!.herokuUuid}`,
      headers: { authorization: herokuAuthorization(testApp.config) },
    });
    await testApp.app.inject({
      method: "PUT",
      url: `/heroku/resources/${created[1]!.herokuUuid}`,
      headers: { authorization: herokuAuthorization(testApp.config) },
      payload: { plan: "basic" },
    });
    const { caller } = await viewer();
    const names = async (input: Parameters<typeof caller.resources.list>[0]) =>
      (await caller.resources.list({ search: prefix, ...input })).items.map((item) => item.name);
    expect(await names({ state: "deprovisioned" })).toEqual([created[0]!.name]);
    expect(await names({ plan: "basic" })).toEqual([created[1]!.name]);
    expect(await names({ state: "provisioned", plan: "test" })).toEqual([created[2]!.name]);
    expect(await names({ region: "amazon-web-services::eu-west-1" })).toEqual([]);
  });

  it("finds a resource by Heroku's uuid, by our id, by a name prefix, or by an attached app's name", async () => {
    const { created } = await provisionMany(2);
    const target = created[1]!;
    const appName = `app-${crypto.randomUUID().slice(0, 8)}`;
    const em = testApp.app.orm.em.fork();
    em.create(Attachment, { id: crypto.randomUUID(), resource: target.id, appId: crypto.randomUUID(), appName, name: "EXAMPLE" });
    await em.flush();
    const { caller } = await viewer();
    const found = async (search: string) => (await caller.resources.list({ search })).items.map((item) => item.id);
    expect(await found(target.herokuUuid)).toEqual([target.id]);
    expect(await found(target.id.toUpperCase())).toEqual([target.id]);
    expect(await found(target.name)).toEqual([target.id]);
    expect(await found(appName.slice(0, 10))).toEqual([target.id]);
    expect(await found("%")).toEqual([]);
  });

  it.each([
    ["garbage", "not-a-cursor"],
    ["a date the database cannot hold", Buffer.from(`-010000-01-01T00:00:00.000Z|${crypto.randomUUID()}`).toString("base64url")],
    ["a date in another format", Buffer.from(`2026-11-23|${crypto.randomUUID()}`).toString("base64url")],
  ])("refuses a cursor it did not hand out (%s)", async (_name, cursor) => {
    const { caller } = await viewer();
    await expect(caller.resources.list({ cursor })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "The page cursor is not valid; start again from the first page.",
    });
  });
});

describe("resources.detail", () => {
  it("shows the plan, attachments, timeline and jobs of a resource", async () => {
    const { created } = await provisionMany(1, { plan: "basic" });
    const { caller } = await viewer();
    const detail = await caller.resources.detail({ id: created[0]!.id });
    expect(detail).toMatchObject({ id: created[0]!.id, herokuUuid: created[0]!.herokuUuid, state: "provisioned", plan: { slug: "basic" } });
    expect(detail.events.map((event) => event.type)).toEqual(["provisioned"]);
    expect(detail.jobs.map((job) => job.queue)).toContain("exchange-grant");
  });
});

describe("resources.detail sign-ins", () => {
  it("lists who came in from Heroku, when, and into the dashboard or the product, newest first", async () => {
    const { created } = await provisionMany(1);
    const resource = created[0]!;
    const customer = new CustomerBrowser(testApp.app, testApp.config);
    expect((await customer.postSso(customer.ssoForm(resource.herokuUuid))).statusCode).toBe(302);
    // A later click: the sha1 token of the first one's second was spent with it.
    const form = signedSsoForm({
      resourceId: resource.herokuUuid,
      salt: testApp.config.sso.salt,
      userId: "user-2",
      email: "bo@example.com",
      now: new Date(Date.now() + 2000),
    });
    await signInWithSso(
      testApp.app.orm.em,
      testApp.config.sso,
      {
        resourceId: form.resource_id,
        timestamp: form.timestamp,
        resourceToken: form.resource_token,
        userScopedToken: undefined,
        userId: "user-2",
        email: "bo@example.com",
        app: "my-app",
        contextApp: undefined,
        deepLink: {},
      },
      { into: "product" },
    );
    const { caller } = await viewer();
    expect((await caller.resources.detail({ id: resource.id })).signIns).toEqual([
      { at: expect.any(String), email: "bo@example.com", herokuUserId: "user-2", verified: false, into: "product", completed: false },
      { at: expect.any(String), email: "ada@example.com", herokuUserId: "user-1", verified: true, into: "dashboard", completed: true },
    ]);
  });
});

describe("resources.rotateCredentials", () => {
  it("rotates as an operator, records who did it on the timeline and in the audit log, and queues the push to Heroku", async () => {
    const { created } = await provisionMany(1);
    await storeHerokuTokens(testApp.app, testApp.config, created[0]!.id);
    const { caller, email } = await signedInCaller(testApp.app, "operator");
    expect(await caller.resources.rotateCredentials({ id: created[0]!.id, graceSeconds: 600 })).toEqual({ rotated: ["EXAMPLE_METRICS_API_KEY"] });

    const em = testApp.app.orm.em.fork();
    expect(await em.findOneOrFail(ResourceEvent, { resource: created[0]!.id, type: "credentials_rotated" })).toMatchObject({ actor: `staff:${email}` });
    expect(await em.findOneOrFail(AuditEntry, { actor: email, action: "resource.rotate_credentials" })).toMatchObject({
      target: `resource:${created[0]!.id}`,
      detail: { rotated: ["EXAMPLE_METRICS_API_KEY"], graceSeconds: 600 },
    });
    const detail = await caller.resources.detail({ id: created[0]!.id });
    expect(detail.jobs.map((job) => job.queue)).toContain("push-config");
  });

  it("refuses a grace period too short for the apps to release", async () => {
    const { created } = await provisionMany(1);
    const { caller } = await signedInCaller(testApp.app, "operator");
    await expect(caller.resources.rotateCredentials({ id: created[0]!.id, graceSeconds: 60 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("must be at least 300 seconds"),
    });
  });
});
