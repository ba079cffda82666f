import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AuditEntry, CircuitBreaker, LifecycleEvent, Resource, ResourceEvent, rotateCredentials } from "@addon-kit/domain";
import { attachmentWebhookDelivery } from "@addon-kit/heroku/fake";
import { provisionRequest } from "@addon-kit/testing/factories";
import { signedInCaller } from "../testing/console-caller.ts";
import { newSigningSecret } from "../testing/example-product.ts";
import { type HerokuHarness, startHerokuHarness } from "../testing/heroku-harness.ts";
import { type ProductAnswerScript, type ProductCall, type ScriptedProduct, startScriptedProduct } from "../testing/scripted-product.ts";
import { herokuAuthorization } from "../testing/test-app.ts";

const signingSecret = newSigningSecret();
let product: ScriptedProduct;
let heroku: HerokuHarness;
beforeAll(async () => {
  product = await startScriptedProduct(signingSecret);
  product.answer(answers);
  heroku = await startHerokuHarness({
    PROVISIONER: "http",
    PRODUCT_API_URL: product.apiUrl,
    PRODUCT_EVENTS_URL: product.eventsUrl,
    PRODUCT_SIGNING_SECRET: signingSecret,
    // Long enough that eight racing copies on a busy machine are answered in time; the slow product below takes longer still.
    PRODUCT_PROVISION_WAIT_SECONDS: "2",
  });
});
afterAll(async () => {
  await heroku?.close();
  await product?.close();
  expect(product.unsigned).toEqual([]);
});

const settles = { timeout: 60_000, interval: 200 };
const resourceUuidOf = (call: ProductCall) => call.body as { resource?: { heroku_uuid?: string }; data?: { resource?: { heroku_uuid?: string } } } | undefined;
const aboutUuid = (call: ProductCall) =>
  resourceUuidOf(call)?.resource?.heroku_uuid ?? resourceUuidOf(call)?.data?.resource?.heroku_uuid ?? call.path.split("/")[3];
const isCreate = (call: ProductCall) => call.method === "POST" && call.path === "/addon-kit/tenants";
const isEvent = (call: ProductCall) => call.path === "/events";
const eventType = (call: ProductCall) => (call.body as { type: string }).type;
const callsFor = (uuid: string, which: (call: ProductCall) => boolean) => product.calls.filter((call) => which(call) && aboutUuid(call) === uuid);
/** Each delivery once: events come at least once, and one whose answer was late on a loaded machine comes again with its id. */
const firstOfEach = (calls: ProductCall[]) => calls.filter((call, index) => calls.findIndex((other) => other.id === call.id) === index);

/** A well-behaved product: a tenant per uuid, every change accepted, every event received. */
function answers(call: ProductCall): ProductAnswerScript {
  if (isCreate(call))
    return { status: 201, body: { config: { EXAMPLE_METRICS_URL: "https://product.example/api", EXAMPLE_METRICS_API_KEY: `key-${aboutUuid(call)}` } } };
  if (call.path.endsWith("/credentials")) return { status: 200, body: { config: { EXAMPLE_METRICS_API_KEY: `rotated-${call.id}` } } };
  if (call.method === "PUT") return { status: 200, body: {} };
  return { status: 204 };
}

/** Behaves as `answers` except where `override` has something to say. */
function answersExcept(override: (call: ProductCall) => ProductAnswerScript | undefined) {
  product.answer((call) => override(call) ?? answers(call));
}

const provisionWithoutGrant = (plan = "basic") => provisionRequest({ plan, oauth_grant: null });

describe("provisioning through a product over HTTP", { timeout: 90_000 }, () => {
  it("answers Heroku 202 when the product is slower than the wait, then finishes in the background with the same key and body", async () => {
    let slowed = false;
    answersExcept((call) => (isCreate(call) && !slowed ? ((slowed = true), { ...answers(call), delayMs: 3_000 }) : undefined));
    // Read back from jsonb, options come in another key order than Heroku sent them: the retried call must still carry the same bytes.
    const { uuid, status } = await heroku.driver.provision({ plan: "basic", options: { zeta: "1", alpha: "2", mid: "3" } });
    expect(status).toBe(202);
    await vi.waitFor(async () => expect((await heroku.driver.addon(uuid)).state).toBe("provisioned"), settles);
    expect((await heroku.driver.addon(uuid)).config).toEqual({ EXAMPLE_METRICS_URL: "https://product.example/api", EXAMPLE_METRICS_API_KEY: `key-${uuid}` });

    const creates = callsFor(uuid, isCreate);
    expect(creates.length).toBeGreaterThanOrEqual(2);
    expect(new Set(creates.map((call) => call.id))).toEqual(new Set([`${uuid}:provision`]));
    expect(new Set(creates.map((call) => call.raw)).size).toBe(1);
  });

  it("answers 503 (retry) without a grant while the product fails, records nothing, and provisions on Heroku's retry", async () => {
    const request = provisionWithoutGrant();
    answersExcept((call) => (isCreate(call) ? { status: 500, body: { message: "database is down" } } : undefined));
    const refused = await heroku.app.inject({
      method: "POST",
      url: "/heroku/resources",
      headers: { authorization: herokuAuthorization(heroku.config) },
      payload: request,
    });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers["retry-after"]).toBe("30");
    expect(refused.json()).toEqual({ message: "The add-on's service is not answering right now. Please try again in a few minutes." });
    expect(refused.body).not.toContain("database is down");
    expect(await heroku.app.orm.em.fork().count(Resource, { herokuUuid: request.uuid })).toBe(0);

    product.answer(answers);
    expect(await heroku.driver.repeatProvision(request)).toMatchObject({ status: 200, body: { config: { EXAMPLE_METRICS_API_KEY: `key-${request.uuid}` } } });
  });

  it("makes one resource of concurrent duplicates, each answered with the product's one tenant", async () => {
    const request = provisionWithoutGrant();
    answersExcept((call) => (isCreate(call) ? { ...answers(call), delayMs: 200 } : undefined));
    const results = await Promise.all(Array.from({ length: 8 }, () => heroku.driver.repeatProvision(request)));
    expect(new Set(results.map((result) => JSON.stringify(result)))).toEqual(new Set([JSON.stringify({ status: 200, body: results[0]?.body })]));
    expect(results[0]?.body).toMatchObject({ config: { EXAMPLE_METRICS_API_KEY: `key-${request.uuid}` } });
    expect(await heroku.app.orm.em.fork().count(Resource, { herokuUuid: request.uuid })).toBe(1);
    expect(new Set(callsFor(request.uuid, isCreate).map((call) => `${call.id} ${call.raw}`)).size).toBe(1);
  });

  it("shows the customer the product's refusal of a provision, and records nothing", async () => {
    const request = provisionWithoutGrant();
    answersExcept((call) => (isCreate(call) ? { status: 422, body: { message: "We do not serve this region yet." } } : undefined));
    expect(await heroku.driver.repeatProvision(request)).toEqual({ status: 422, body: { message: "We do not serve this region yet." } });
    expect(await heroku.app.orm.em.fork().count(Resource, { herokuUuid: request.uuid })).toBe(0);
  });

  it("records a refusal in the background as the provision's failure, tells the product, and refuses Heroku's replays with the same words", async () => {
    answersExcept((call) => (isCreate(call) ? { status: 422, body: { message: "Premium is sold out this month." } } : undefined));
    const { uuid, request, status } = await heroku.driver.provision({ plan: "premium" });
    expect(status).toBe(202);
    await vi.waitFor(
      async () =>
        expect(await heroku.app.orm.em.fork().findOneOrFail(Resource, { herokuUuid: uuid })).toMatchObject({
          state: "failed",
          failureReason: "Premium is sold out this month.",
        }),
      settles,
    );
    expect(await heroku.driver.repeatProvision(request)).toEqual({ status: 422, body: { message: "Premium is sold out this month." } });
    await vi.waitFor(() => expect(callsFor(uuid, isEvent).map(eventType)).toContain("resource.failed"), settles);
    expect((await heroku.driver.addon(uuid)).state).toBe("provisioning");
  });

  it("records a plan change only when no other change committed while the product was asked; Heroku's retry then goes through", async () => {
    const request = provisionWithoutGrant();
    product.answer(answers);
    expect((await heroku.driver.repeatProvision(request)).status).toBe(200);
    answersExcept((call) => (call.method === "PUT" ? { ...answers(call), delayMs: 400 } : undefined));

    const [toPremium, toTest] = await Promise.all([heroku.driver.changePlan(request.uuid, "premium"), heroku.driver.changePlan(request.uuid, "test")]);
    expect([toPremium?.status, toTest?.status].sort()).toEqual([200, 503]);
    const loser = toPremium?.status === 503 ? "premium" : "test";
    expect((await heroku.driver.changePlan(request.uuid, loser)).status).toBe(200);
    const resource = await heroku.app.orm.em.fork().findOneOrFail(Resource, { herokuUuid: request.uuid });
    expect(resource).toMatchObject({ plan: { slug: loser }, revision: 2 });
    expect(callsFor(request.uuid, (call) => call.method === "PUT").map((call) => call.id)).toEqual(
      expect.arrayContaining([`${request.uuid}:plan-change:1:premium`, `${request.uuid}:plan-change:1:test`, `${request.uuid}:plan-change:2:${loser}`]),
    );
  });
});

describe("lifecycle events", { timeout: 90_000 }, () => {
  const lifecycleCalls = (uuid: string) => callsFor(uuid, (call) => isEvent(call) && !eventType(call).startsWith("resource.attachment"));

  it("delivers a resource's events in order, with one id across its attempts, and logs every attempt", async () => {
    const failedOnce = new Set<string>();
    answersExcept((call) => (isEvent(call) && !failedOnce.has(call.id) ? (failedOnce.add(call.id), { status: 503 }) : undefined));
    const request = provisionWithoutGrant();
    expect((await heroku.driver.repeatProvision(request)).status).toBe(200);
    expect((await heroku.driver.changePlan(request.uuid, "premium")).status).toBe(200);
    expect((await heroku.driver.deprovision(request.uuid)).status).toBe(204);

    const resource = await heroku.app.orm.em.fork().findOneOrFail(Resource, { herokuUuid: request.uuid });
    await vi.waitFor(async () => expect(await heroku.app.orm.em.fork().count(LifecycleEvent, { resource, status: "delivered" })).toBe(3), settles);
    const calls = lifecycleCalls(request.uuid);
    expect(calls.map(eventType)).toEqual([
      "resource.provisioned",
      "resource.provisioned",
      "resource.plan_changed",
      "resource.plan_changed",
      "resource.deprovisioned",
      "resource.deprovisioned",
    ]);
    const events = await heroku.app.orm.em.fork().find(LifecycleEvent, { resource }, { orderBy: { sequence: "asc" } });
    expect(calls.map((call) => call.id)).toEqual(events.flatMap((event) => [event.id, event.id]));
    for (const event of events) {
      expect(event).toMatchObject({ status: "delivered", attempts: 2, lastStatus: 204, lastError: null, lastResponseMs: expect.any(Number) });
    }
    expect(calls[2]?.body).toMatchObject({
      type: "resource.plan_changed",
      data: { resource: { heroku_uuid: request.uuid, plan: "premium" }, previous_plan: "basic" },
    });
  });

  it("tells the product of each app the add-on is attached to or detached from", async () => {
    product.answer(answers);
    const { uuid } = await heroku.driver.provision({ plan: "basic" });
    await vi.waitFor(() => expect(heroku.fake.addons.get(uuid)?.webhooks).toHaveLength(1), settles);
    const { attachment } = await heroku.driver.attach(uuid, { appName: "reporting-app", name: "REPORTING" });
    await heroku.driver.detach(uuid, attachment.id);
    const described = { id: attachment.id, app_name: "reporting-app", name: "REPORTING" };
    await vi.waitFor(
      () =>
        expect(
          firstOfEach(
            callsFor(uuid, (call) => isEvent(call) && (call.body as { data: { attachment?: { id: string } } }).data.attachment?.id === attachment.id),
          ).map((call) => call.body),
        ).toEqual([
          expect.objectContaining({ type: "resource.attachment_added", data: expect.objectContaining({ attachment: expect.objectContaining(described) }) }),
          expect.objectContaining({ type: "resource.attachment_removed", data: expect.objectContaining({ attachment: expect.objectContaining(described) }) }),
        ]),
      settles,
    );
  });

  it("tells the product once of an attachment a reconcile found before its webhook arrived", async () => {
    product.answer(answers);
    const { uuid } = await heroku.driver.provision({ plan: "basic" });
    await vi.waitFor(() => expect(heroku.fake.addons.get(uuid)?.webhooks).toHaveLength(1), settles);
    const addon = heroku.fake.addons.get(uuid)!;
    const webhook = addon.webhooks[0]!;
    // On Heroku's list, its webhook not delivered yet.
    const attachment = { id: crypto.randomUUID(), name: "LATE", app: { id: crypto.randomUUID(), name: "late-webhook-app" } };
    addon.attachments.push(attachment);
    const eventsAboutIt = () =>
      firstOfEach(
        callsFor(uuid, (call) => isEvent(call) && (call.body as { data: { attachment?: { id: string } } }).data.attachment?.id === attachment.id),
      ).map(eventType);
    const resource = await heroku.app.orm.em.fork().findOneOrFail(Resource, { herokuUuid: uuid });
    await heroku.app.jobs.enqueue(heroku.app.orm.em.fork(), { name: "reconcile-attachments", resourceId: resource.id });
    await vi.waitFor(() => expect(eventsAboutIt()).toEqual(["resource.attachment_added"]), settles);

    const late = attachmentWebhookDelivery(addon, webhook, "create", attachment);
    expect((await fetch(webhook.url, { method: "POST", headers: late.headers, body: late.body })).status).toBe(200);
    await heroku.driver.detach(uuid, attachment.id);
    await vi.waitFor(() => expect(eventsAboutIt()).toEqual(["resource.attachment_added", "resource.attachment_removed"]), settles);
  });

  it("records an event the product refuses as failed, delivers the later ones, and delivers it again when an operator asks", async () => {
    let refuse = true;
    answersExcept((call) =>
      isEvent(call) && refuse && eventType(call) === "resource.plan_changed" ? { status: 422, body: { message: "Not now." } } : undefined,
    );
    const request = provisionWithoutGrant();
    expect((await heroku.driver.repeatProvision(request)).status).toBe(200);
    expect((await heroku.driver.changePlan(request.uuid, "premium")).status).toBe(200);
    expect((await heroku.driver.deprovision(request.uuid)).status).toBe(204);
    const resource = await heroku.app.orm.em.fork().findOneOrFail(Resource, { herokuUuid: request.uuid });
    await vi.waitFor(async () => expect(await heroku.app.orm.em.fork().count(LifecycleEvent, { resource, status: "delivered" })).toBe(2), settles);

    const { caller, email } = await signedInCaller(heroku.app, "operator");
    const page = await caller.deliveries.list({ resourceId: resource.id, status: "failed" });
    expect(page.items).toEqual([
      expect.objectContaining({ type: "resource.plan_changed", status: "failed", attempts: 1, lastStatus: 422, lastError: "refused: Not now." }),
    ]);
    expect(page.eventsUrlConfigured).toBe(true);

    refuse = false;
    const eventId = page.items[0]?.eventId ?? "";
    expect(await caller.deliveries.redeliver({ eventId })).toEqual({ redelivered: true });
    await vi.waitFor(
      async () => expect(await heroku.app.orm.em.fork().findOneOrFail(LifecycleEvent, { id: eventId })).toMatchObject({ status: "delivered", attempts: 2 }),
      settles,
    );
    expect(lifecycleCalls(request.uuid).filter((call) => call.id === eventId)).toHaveLength(2);
    expect(await heroku.app.orm.em.fork().count(AuditEntry, { actor: email, action: "event.redeliver", target: `event:${eventId}` })).toBe(1);
  });
});

describe("the circuit breaker", { timeout: 60_000 }, () => {
  it("stops calling a product that keeps failing, for a while, and keeps telling Heroku to retry", async () => {
    await heroku.app.orm.em.fork().nativeDelete(CircuitBreaker, {});
    answersExcept((call) => (isCreate(call) ? { status: 500 } : undefined));
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) statuses.push((await heroku.driver.repeatProvision(provisionWithoutGrant())).status);
    expect(statuses).toEqual([503, 503, 503, 503, 503]);

    const skipped = provisionWithoutGrant();
    const creates = product.calls.filter(isCreate).length;
    expect((await heroku.driver.repeatProvision(skipped)).status).toBe(503);
    expect(product.calls.filter(isCreate).length).toBe(creates);
    const breaker = await heroku.app.orm.em.fork().findOneOrFail(CircuitBreaker, { name: "product" });
    expect(breaker.consecutiveFailures).toBeGreaterThanOrEqual(5);
    expect(breaker.openUntil?.getTime()).toBeGreaterThan(Date.now());
    expect(breaker.lastFailure).toMatch(/answered 500/);
  });
});

describe("rotating credentials through a product", { timeout: 90_000 }, () => {
  it("names the rotation whose credentials Heroku has when it asks the product to retire the ones before", async () => {
    product.answer(answers);
    const { uuid } = await heroku.driver.provision({ plan: "basic" });
    const resource = await heroku.app.orm.em.fork().findOneOrFail(Resource, { herokuUuid: uuid });
    // On a loaded machine the provision may have been answered 202 and finish in the background.
    await vi.waitFor(async () => expect((await heroku.driver.addon(uuid)).state).toBe("provisioned"), settles);
    await vi.waitFor(async () => expect(await heroku.app.orm.em.fork().count(ResourceEvent, { resource, type: "grant_exchanged" })).toBe(1), settles);
    await rotateCredentials(heroku.app.consoleServices, resource.id, { staffEmail: "ops@example.com", graceSeconds: 60 });

    const isRetire = (call: ProductCall) => call.path.endsWith("/credentials/retire");
    await vi.waitFor(() => expect(callsFor(uuid, isRetire)).not.toHaveLength(0), settles);
    const [rotation] = callsFor(uuid, (call) => call.path.endsWith("/credentials"));
    expect(rotation?.id).toBe(`${uuid}:rotation:1`);
    expect(callsFor(uuid, isRetire).map((call) => (call.body as { rotation_key?: string }).rotation_key)).toEqual([rotation?.id]);
    // Cleared once the retirement is recorded, which follows the product's answer.
    await vi.waitFor(
      async () => expect(await heroku.app.orm.em.fork().findOneOrFail(Resource, { herokuUuid: uuid })).toMatchObject({ pendingRotationKey: null }),
      settles,
    );
  });
});
