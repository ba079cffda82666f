import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Resource, ResourceEvent, rotateCredentials } from "@addon-kit/domain";
import { type ExampleProduct, newSigningSecret, startExampleProduct } from "../testing/example-product.ts";
import { type HerokuHarness, startHerokuHarness } from "../testing/heroku-harness.ts";

/**
 * addon-kit and a vendor's product in another process (examples/product, which imports nothing
 * of ours), with the fake Heroku: what a vendor connecting their own product gets.
 */
const signingSecret = newSigningSecret();
let product: ExampleProduct;
let heroku: HerokuHarness;
beforeAll(async () => {
  product = await startExampleProduct({ signingSecret });
  heroku = await startHerokuHarness({
    PROVISIONER: "http",
    PRODUCT_API_URL: product.apiUrl,
    PRODUCT_EVENTS_URL: product.eventsUrl,
    PRODUCT_SIGNING_SECRET: signingSecret,
  });
});
afterAll(async () => {
  await heroku?.close();
  await product?.close();
});

const settles = { timeout: 60_000, interval: 250 };
/** The lifecycle events the product received for an add-on, in order; attachment events (the reconcile job adds the app's own) apart. */
const eventTypes = async (uuid: string) =>
  (await product.history(uuid)).events.map((event) => event.type).filter((type) => !type.startsWith("resource.attachment"));
const apiKeyOf = (config: Record<string, string> | undefined) => config?.EXAMPLE_METRICS_API_KEY ?? "";

async function provisionedSync(plan = "basic") {
  const provisioned = await heroku.driver.provision({ plan });
  expect(provisioned.status).toBe(200);
  return { uuid: provisioned.uuid, request: provisioned.request, config: (provisioned.body as { config: Record<string, string> }).config };
}

describe("a product connected over HTTP", { timeout: 90_000 }, () => {
  it("creates the tenant on a synchronous provision, whose key the product then accepts, and hears that it is provisioned", async () => {
    const { uuid, request, config } = await provisionedSync();
    expect(config).toEqual({ EXAMPLE_METRICS_URL: `${product.url}/api`, EXAMPLE_METRICS_API_KEY: expect.stringMatching(/^ex_/) });
    expect((await product.asCustomer(apiKeyOf(config)).tenant()).body).toMatchObject({ heroku_uuid: uuid, plan: "basic" });

    // Heroku's replay gets the same tenant and key; the product made one.
    const replay = await heroku.driver.repeatProvision(request);
    expect(replay).toMatchObject({ status: 200, body: { config } });
    await vi.waitFor(async () => expect(await eventTypes(uuid)).toEqual(["resource.provisioned"]), settles);
    expect((await product.history(uuid)).keys).toHaveLength(1);
    // Once Heroku's token is in, the app the add-on was created for is recorded as an attachment, and the product told.
    await vi.waitFor(async () => expect((await product.history(uuid)).events.map((event) => event.type)).toContain("resource.attachment_added"), settles);
  });

  it("finishes an asynchronous provision in the background with the product's config", async () => {
    const { uuid, status } = await heroku.driver.provision({ plan: "premium" });
    expect(status).toBe(202);
    await vi.waitFor(async () => expect((await heroku.driver.addon(uuid)).state).toBe("provisioned"), settles);
    const config = (await heroku.driver.addon(uuid)).config;
    expect((await product.asCustomer(apiKeyOf(config)).tenant()).body).toMatchObject({ heroku_uuid: uuid, plan: "premium" });
    await vi.waitFor(async () => expect(await eventTypes(uuid)).toEqual(["resource.provisioned"]), settles);
  });

  it("shows the customer the product's refusal of a plan change, and applies the ones it accepts", async () => {
    const { uuid, config } = await provisionedSync("basic");
    const customer = product.asCustomer(apiKeyOf(config));
    await customer.addProject("one");
    await customer.addProject("two");

    expect(await heroku.driver.changePlan(uuid, "test")).toEqual({
      status: 422,
      body: { message: "You have 2 projects; the Test plan allows 1. Delete some projects first." },
    });
    expect((await customer.tenant()).body).toMatchObject({ plan: "basic" });

    expect(await heroku.driver.changePlan(uuid, "premium")).toEqual({ status: 200, body: { message: "Changed from the Basic plan to the Premium plan." } });
    expect((await customer.tenant()).body).toMatchObject({ plan: "premium", project_limit: 50 });
    expect(await heroku.driver.changePlan(uuid, "premium")).toEqual({ status: 200, body: { message: "Already on the Premium plan." } });
    await vi.waitFor(async () => expect(await eventTypes(uuid)).toEqual(["resource.provisioned", "resource.plan_changed"]), settles);
  });

  it("rotates credentials through the product: both keys work until Heroku has the new one, then the old one ends", async () => {
    const { uuid, config } = await provisionedSync();
    const resource = await heroku.app.orm.em.fork().findOneOrFail(Resource, { herokuUuid: uuid });
    await vi.waitFor(async () => expect(await heroku.app.orm.em.fork().count(ResourceEvent, { resource, type: "grant_exchanged" })).toBe(1), settles);

    const rotated = await rotateCredentials(heroku.app.consoleServices, resource.id, { staffEmail: "ops@example.com", graceSeconds: 2 });
    expect(rotated).toEqual(["EXAMPLE_METRICS_API_KEY"]);
    await vi.waitFor(async () => expect(apiKeyOf((await heroku.driver.addon(uuid)).config)).not.toBe(apiKeyOf(config)), settles);
    const newKey = apiKeyOf((await heroku.driver.addon(uuid)).config);
    expect((await product.asCustomer(newKey).tenant()).status).toBe(200);
    await vi.waitFor(async () => expect((await product.asCustomer(apiKeyOf(config)).tenant()).status).toBe(401), settles);
    expect((await product.asCustomer(newKey).tenant()).status).toBe(200);
    await vi.waitFor(async () => expect(await eventTypes(uuid)).toEqual(["resource.provisioned", "resource.credentials_rotated"]), settles);
  });

  it("deprovisions at once for Heroku, and the product deletes the tenant", async () => {
    const { uuid, config } = await provisionedSync();
    expect((await heroku.driver.deprovision(uuid)).status).toBe(204);
    expect((await heroku.driver.deprovision(uuid)).status).toBe(410);
    await vi.waitFor(async () => expect((await product.asCustomer(apiKeyOf(config)).tenant()).status).toBe(401), settles);
    await vi.waitFor(async () => expect(await eventTypes(uuid)).toEqual(["resource.provisioned", "resource.deprovisioned"]), settles);
  });

  it("keeps Heroku answered while the product is down, and catches everything up, in order, once it is back", async () => {
    const before = await provisionedSync();
    const leaving = await provisionedSync();
    await vi.waitFor(async () => expect(await eventTypes(leaving.uuid)).toEqual(["resource.provisioned"]), settles);
    await product.kill();

    // A new add-on is answered 202 and finished later; Heroku is asked to retry a plan change; a deprovision is answered at once.
    const arriving = await heroku.driver.provision({ plan: "basic" });
    expect(arriving.status).toBe(202);
    expect(await heroku.driver.changePlan(before.uuid, "premium")).toEqual({
      status: 503,
      body: { message: "The add-on's service is not answering right now. Please try again in a few minutes." },
    });
    expect((await heroku.driver.deprovision(leaving.uuid)).status).toBe(204);

    await product.start();
    await vi.waitFor(async () => expect((await heroku.driver.addon(arriving.uuid)).state).toBe("provisioned"), settles);
    const arrivingKey = apiKeyOf((await heroku.driver.addon(arriving.uuid)).config);
    expect((await product.asCustomer(arrivingKey).tenant()).body).toMatchObject({ heroku_uuid: arriving.uuid });
    await vi.waitFor(async () => expect((await product.asCustomer(apiKeyOf(leaving.config)).tenant()).status).toBe(401), settles);
    await vi.waitFor(async () => expect(await eventTypes(leaving.uuid)).toEqual(["resource.provisioned", "resource.deprovisioned"]), settles);
    await vi.waitFor(async () => expect(await eventTypes(arriving.uuid)).toEqual(["resource.provisioned"]), settles);
    expect((await heroku.driver.changePlan(before.uuid, "premium")).status).toBe(200);
  }, 150_000);
});

describe("the example product", () => {
  const tenantRequest = () => {
    const heroku_uuid = randomUUID();
    return JSON.stringify({
      resource: { id: randomUUID(), heroku_uuid, name: "forged", plan: "basic", region: "us", state: "provisioning", options: {} },
      plan: { slug: "basic", name: "Basic", limits: { projects: 5 } },
    });
  };
  const send = (body: string, headers: Record<string, string>) =>
    product.raw("/addon-kit/tenants", { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
  const signed = (secret: string, body: string, at: Date) => new Webhook(secret).sign("key", at, body);
  const headersAt = (secret: string, body: string, at: Date) => ({
    "webhook-id": "key",
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signed(secret, body, at),
  });

  it("refuses requests that are unsigned, signed with another secret, stale, or altered after signing", async () => {
    const body = tenantRequest();
    const refused = { status: 401, body: { message: "Invalid or stale signature." } };
    expect(await send(body, {})).toEqual(refused);
    expect(await send(body, headersAt(newSigningSecret(), body, new Date()))).toEqual(refused);
    expect(await send(body, headersAt(signingSecret, body, new Date(Date.now() - 10 * 60_000)))).toEqual(refused);
    expect(await send(body.replace("forged", "altered"), headersAt(signingSecret, body, new Date()))).toEqual(refused);
    expect((await send(body, headersAt(signingSecret, body, new Date()))).status).toBe(201);
  });
});
