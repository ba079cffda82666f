import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { webhookSignature } from "@addon-kit/contracts";
import { Attachment, Resource, ResourceEvent } from "@addon-kit/domain";
import { testDatabaseUrl } from "@addon-kit/testing/database";
import { type HerokuHarness, startHerokuHarness } from "../testing/heroku-harness.ts";

let heroku: HerokuHarness;
let resource: Resource;
let uuid: string;
beforeAll(async () => {
  heroku = await startHerokuHarness();
  ({ uuid } = await heroku.driver.provision({ plan: "basic", appName: "first-app" }));
  await vi.waitFor(async () => expect(await attachments()).toHaveLength(1), { timeout: 25_000, interval: 200 });
  resource = await heroku.app.orm.em.fork().findOneOrFail(Resource, { herokuUuid: uuid });
});
afterAll(() => heroku.close());

const attachments = () => heroku.app.orm.em.fork().find(Attachment, { resource: { herokuUuid: uuid } }, { orderBy: { attachedAt: "asc" } });
const events = (type: string) => heroku.app.orm.em.fork().count(ResourceEvent, { resource: { herokuUuid: uuid }, type });

/** The secret addon-kit gave Heroku when it subscribed. */
const webhookSecret = () => heroku.fake.addons.get(uuid)!.webhooks[0]!.secret;

interface Delivery {
  authorization: string;
  signature: string;
  body: string;
}
const deliver = (delivery: Delivery, resourceId = resource.id) =>
  fetch(`${heroku.addonUrl}/heroku/webhooks/${resourceId}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: delivery.authorization, "heroku-webhook-hmac-sha256": delivery.signature },
    body: delivery.body,
  });

/** Attaches through the fake, which delivers the signed webhook, and returns what it delivered. */
async function attach(appName: string): Promise<Delivery & { attachmentId: string }> {
  const { attachment, deliveries } = await heroku.driver.attach(uuid, { appName, name: "EXAMPLE" });
  const [delivery] = deliveries as unknown as { status: number; event: unknown; signature: string; authorization: string }[];
  expect(delivery?.status).toBe(200);
  return { attachmentId: attachment.id, authorization: delivery!.authorization, signature: delivery!.signature, body: JSON.stringify(delivery!.event) };
}

describe("attachment webhooks", () => {
  it("subscribes each resource to attachment webhooks at its own URL, and reconciles the attachments Heroku already has", async () => {
    const [subscription] = (await heroku.driver.addon(uuid)).webhooks;
    expect(subscription).toMatchObject({ url: `${heroku.addonUrl}/heroku/webhooks/${resource.id}`, include: ["api:addon-attachment"] });
    expect((await attachments()).map((attachment) => attachment.appName)).toEqual(["first-app"]);
  });

  it("records an attachment once, however often Heroku delivers the event", async () => {
    const delivery = await attach("second-app");
    expect((await attachments()).map((attachment) => attachment.appName)).toEqual(["first-app", "second-app"]);
    const response = await deliver(delivery);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ message: "Attachment event already recorded." });
    expect(await events("attached")).toBe(1);
  });

  it("records a detachment, and a replayed attach event does not bring the attachment back", async () => {
    const attached = await attach("third-app");
    const { deliveries } = await heroku.driver.detach(uuid, attached.attachmentId);
    expect(deliveries[0]?.status).toBe(200);
    expect((await attachments()).find((attachment) => attachment.appName === "third-app")?.detachedAt).toBeInstanceOf(Date);

    expect((await deliver(attached)).status).toBe(200);
    expect((await attachments()).find((attachment) => attachment.appName === "third-app")?.detachedAt).toBeInstanceOf(Date);
  });

  it("keeps an attachment detached whose destroy arrived while a reconcile was reading Heroku's list", async () => {
    const attached = await attach("slow-list-app");
    const listReads = () => heroku.fake.calls.filter((call) => call.path === `/addons/${uuid}/addon-attachments`).length;
    const reconciles = async () =>
      (await heroku.app.jobs.listJobs({ resourceId: resource.id, states: ["completed"], limit: 100 })).filter((job) => job.queue === "reconcile-attachments")
        .length;
    const [readsBefore, reconcilesBefore] = [listReads(), await reconciles()];
    // Each read of the list takes 2 s: the destroy below lands while the reconcile waits for it.
    await heroku.driver.latency(2_000);
    try {
      await heroku.app.jobs.enqueue(heroku.app.orm.em.fork(), { name: "reconcile-attachments", resourceId: resource.id });
      await vi.waitFor(() => expect(listReads()).toBe(readsBefore + 1), { timeout: 25_000, interval: 20 });
      // Heroku's list, read a moment ago, still has the attachment this destroys.
      expect((await heroku.driver.detach(uuid, attached.attachmentId)).deliveries[0]?.status).toBe(200);
      await vi.waitFor(async () => expect(await reconciles()).toBe(reconcilesBefore + 1), { timeout: 25_000, interval: 200 });
    } finally {
      await heroku.driver.latency(0);
    }
    expect((await attachments()).find((attachment) => attachment.appName === "slow-list-app")?.detachedAt).toBeInstanceOf(Date);
  });

  it("keeps an attachment detached when its destroy event overtakes its create", async () => {
    const attachmentId = crypto.randomUUID();
    const app = { id: crypto.randomUUID(), name: "racing-app" };
    const event = (action: string) => ({
      id: crypto.randomUUID(),
      action,
      resource: "addon-attachment",
      data: { id: attachmentId, name: "EXAMPLE", addon: { id: uuid }, app },
    });
    const [subscription] = heroku.fake.addons.get(uuid)!.webhooks;
    const signed = (body: string) => ({ authorization: subscription!.authorization, body, signature: webhookSignature(webhookSecret(), body) });
    expect((await deliver(signed(JSON.stringify(event("destroy"))))).status).toBe(200);
    expect((await deliver(signed(JSON.stringify(event("create"))))).status).toBe(200);
    expect((await attachments()).find((attachment) => attachment.id === attachmentId)?.detachedAt).toBeInstanceOf(Date);
  });

  it.each([
    ["a signature made with another secret", (delivery: Delivery) => ({ ...delivery, signature: webhookSignature("guessed", delivery.body) })],
    ["a body changed after signing", (delivery: Delivery) => ({ ...delivery, body: delivery.body.replace("fourth-app", "evil-app") })],
    ["no signature", (delivery: Delivery) => ({ ...delivery, signature: "" })],
    ["a wrong Authorization value", (delivery: Delivery) => ({ ...delivery, authorization: "Bearer guessed" })],
    ["no Authorization value", (delivery: Delivery) => ({ ...delivery, authorization: "" })],
  ])("refuses a delivery with %s with 401, and records nothing", async (_name, forge) => {
    const { authorization, body } = await attach("fourth-app");
    const before = (await attachments()).length;
    // A genuine delivery of an event not seen yet, so that only the forgery can explain a refusal.
    const unseen = body.replace(/"id":"[^"]+"/, `"id":"${crypto.randomUUID()}"`);
    const genuine = { authorization, body: unseen, signature: webhookSignature(webhookSecret(), unseen) };
    const response = await deliver(forge(genuine));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: "This webhook delivery could not be verified." });
    expect(await attachments()).toHaveLength(before);
    const control = await deliver(genuine);
    expect(await control.json()).toEqual({ message: "Attachment event recorded." });
  });

  it("refuses a genuine delivery sent to another resource's URL", async () => {
    const { uuid: otherUuid } = await heroku.driver.provision({ plan: "basic" });
    const other = await heroku.app.orm.em.fork().findOneOrFail(Resource, { herokuUuid: otherUuid });
    const response = await deliver(await attach("fifth-app"), other.id);
    expect(response.status).toBe(401);
  });

  it("refuses a signed event about another add-on, or about an attachment of another resource, with 422, and records nothing", async () => {
    const { uuid: otherUuid } = await heroku.driver.provision({ plan: "basic", appName: "other-owner" });
    const other = await heroku.app.orm.em.fork().findOneOrFail(Resource, { herokuUuid: otherUuid });
    await vi.waitFor(async () => expect(await heroku.app.orm.em.fork().count(Attachment, { resource: other.id })).toBe(1), { timeout: 25_000, interval: 200 });
    const [othersAttachment] = await heroku.app.orm.em.fork().find(Attachment, { resource: other.id });

    const [subscription] = heroku.fake.addons.get(uuid)!.webhooks;
    const signed = (data: Record<string, unknown>) => {
      const body = JSON.stringify({ id: crypto.randomUUID(), action: "update", resource: "addon-attachment", data });
      return { authorization: subscription!.authorization, body, signature: webhookSignature(webhookSecret(), body) };
    };
    const app = { id: crypto.randomUUID(), name: "hijacked-app" };
    for (const data of [
      { id: crypto.randomUUID(), name: "EXAMPLE", addon: { id: otherUuid }, app },
      { id: othersAttachment!.id, name: "HIJACKED", addon: { id: uuid }, app },
    ]) {
      const response = await deliver(signed(data));
      expect(response.status).toBe(422);
      expect(await response.json()).toEqual({ message: "This event does not belong to the add-on its webhook URL names." });
    }
    const unchanged = await heroku.app.orm.em.fork().findOneOrFail(Attachment, { id: othersAttachment!.id }, { populate: ["resource"] });
    expect(unchanged).toMatchObject({ name: othersAttachment!.name, appName: othersAttachment!.appName, resource: { id: other.id } });
  });

  // PGlite has one connection: a transaction held open would stop the service, not race it.
  it.skipIf(!testDatabaseUrl())("answers 200 when a reconcile inserts the same attachment at the same moment", async () => {
    const attachmentId = crypto.randomUUID();
    const app = { id: crypto.randomUUID(), name: "raced-app" };
    const [subscription] = heroku.fake.addons.get(uuid)!.webhooks;
    const body = JSON.stringify({
      id: crypto.randomUUID(),
      action: "create",
      resource: "addon-attachment",
      data: { id: attachmentId, name: "EXAMPLE", addon: { id: uuid }, app },
    });
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    // The reconcile's insert, not yet committed: the webhook's own insert of the same id waits for it.
    const reconcile = heroku.app.orm.em.fork().transactional(async (tx) => {
      tx.create(Attachment, { id: attachmentId, resource: resource.id, appId: app.id, appName: app.name, name: "EXAMPLE" });
      await tx.flush();
      await released;
    });
    await vi.waitFor(async () => expect(await heroku.app.orm.em.fork().count(Attachment, { id: attachmentId })).toBe(0));
    const delivery = deliver({ authorization: subscription!.authorization, body, signature: webhookSignature(webhookSecret(), body) });
    const waiting =
      "select count(*)::int as count from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like 'insert into \"attachments\"%'";
    await vi.waitFor(async () => expect(await heroku.app.orm.em.getConnection().execute(waiting)).toEqual([{ count: 1 }]), { timeout: 10_000, interval: 20 });
    release();
    await reconcile;
    const response = await delivery;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ message: "Attachment event recorded." });
    expect(await heroku.app.orm.em.fork().count(ResourceEvent, { resource: resource.id, type: "attached", message: { $like: "%raced-app%" } })).toBe(1);
  });

  it("refuses an unknown resource with the same 401, and a malformed resource id with 400", async () => {
    const delivery = await attach("sixth-app");
    expect((await deliver(delivery, crypto.randomUUID())).status).toBe(401);
    const malformed = await deliver(delivery, "not-a-uuid");
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ message: expect.stringContaining("resourceId") });
  });

  it("answers a signed body that is not JSON with 400, another kind of event with 202, and an oversized body with 413", async () => {
    const { authorization } = await attach("seventh-app");
    const signed = (body: string) => ({ authorization, body, signature: webhookSignature(webhookSecret(), body) });

    const notJson = await deliver(signed("{not json"));
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ message: "The webhook body is not JSON." });
    expect((await deliver(signed(JSON.stringify({ id: crypto.randomUUID(), resource: "release", action: "create", data: {} })))).status).toBe(202);
    const invalid = await deliver(signed(JSON.stringify({ id: crypto.randomUUID(), resource: "addon-attachment", action: "explode", data: {} })));
    expect(invalid.status).toBe(400);
    expect((await deliver(signed(JSON.stringify({ padding: "x".repeat(100_000) })))).status).toBe(413);
  });

  it("verifies deliveries from a subscription made twice (a lost answer, a retried job): both share the stored secret", async () => {
    const { uuid: twiceUuid } = await heroku.driver.provision({ plan: "basic" });
    const twice = await heroku.app.orm.em.fork().findOneOrFail(Resource, { herokuUuid: twiceUuid });
    await vi.waitFor(async () => expect((await heroku.app.orm.em.fork().findOneOrFail(Resource, { id: twice.id })).webhookSubscriptionId).toBeTruthy(), {
      timeout: 25_000,
    });
    // As if Heroku created the subscription but its answer never arrived: the job runs again.
    await heroku.app.orm.em.fork().nativeUpdate(Resource, { id: twice.id }, { webhookSubscriptionId: null });
    await heroku.app.jobs.enqueue(heroku.app.orm.em.fork(), { name: "subscribe-webhooks", resourceId: twice.id });
    await vi.waitFor(async () => expect((await heroku.driver.addon(twiceUuid)).webhooks).toHaveLength(2), { timeout: 25_000 });

    const [first, second] = (await heroku.driver.addon(twiceUuid)).webhooks;
    expect(second).toMatchObject({ secret: first!.secret, authorization: first!.authorization });
    const { deliveries } = await heroku.driver.attach(twiceUuid, { appName: "twice-app", name: "EXAMPLE" });
    expect(deliveries.map((delivery) => delivery.status)).toEqual([200, 200]);
  });
});
