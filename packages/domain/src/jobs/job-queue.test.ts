import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { MikroORM } from "@mikro-orm/core";
import { provisionRequest } from "@addon-kit/testing/factories";
import { noLifecycleEvents } from "../product/lifecycle-events.ts";
import { apiKeyTenantProvisioner } from "../provisioners/api-key-tenant/api-key-tenant.ts";
import { provision } from "../resources/provision.ts";
import { Resource } from "../resources/resource.entity.ts";
import { ResourceEvent } from "../resources/resource-event.entity.ts";
import { SecretBox } from "../secret-box.ts";
import { createPgBoss } from "@addon-kit/infrastructure";
import { openTestDatabase, startTestJobQueue, testDatabaseTarget } from "../testing/open-test-database.ts";
import type { Job } from "./job-queue.ts";
import { recordJobGaveUp } from "./record-job-gave-up.ts";

let orm: MikroORM;
let jobs: Awaited<ReturnType<typeof startTestJobQueue>>;
const worked: Job[] = [];
beforeAll(async () => {
  orm = await openTestDatabase();
  jobs = await startTestJobQueue(orm);
  await jobs.work(async (job) => void worked.push(job), { pollingIntervalSeconds: 0.5, concurrency: 1, onFailure: async () => {} });
});
afterAll(async () => {
  await jobs.stop();
  await orm.close();
});

const context = () => ({
  em: orm.em.fork(),
  provisioner: apiKeyTenantProvisioner({ configVarsPrefix: "X", productUrl: "https://x.example" }),
  secrets: new SecretBox(Buffer.alloc(32, 1)),
  jobs,
  events: noLifecycleEvents,
  addon: { name: "X", regions: ["us"] },
});

describe("the durable job queue", () => {
  it("holds a job exactly when the transaction that asked for it commits", async () => {
    const committed = crypto.randomUUID();
    const rolledBack = crypto.randomUUID();
    await orm.em.fork().transactional(async (em) => jobs.enqueue(em, { name: "push-config", resourceId: committed }));
    await expect(
      orm.em.fork().transactional(async (em) => {
        await jobs.enqueue(em, { name: "push-config", resourceId: rolledBack });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");

    // Read from the queue's own table at once, not from what a worker ran: no timing to wait out.
    expect(await jobs.listJobs({ resourceId: committed, limit: 10 })).toEqual([expect.objectContaining({ queue: "push-config", resourceId: committed })]);
    expect(await jobs.listJobs({ resourceId: rolledBack, limit: 10 })).toEqual([]);
  });

  it("retries a failed job with the transaction it is given: not at all when that rolls back", async () => {
    // A job that failed for good, put there through pg-boss itself: this file's worker never fails one.
    const boss = await createPgBoss(orm, testDatabaseTarget(), { supervise: false, schedule: false });
    await boss.start();
    const resourceId = crypto.randomUUID();
    const id = await boss.send("push-config", { name: "push-config", resourceId }, { retryLimit: 0, startAfter: 3_600 });
    await boss.fail("push-config", id ?? "", { message: "503" });
    await boss.stop({ graceful: false });
    const state = async () => (await jobs.listJobs({ resourceId, limit: 1 }))[0]?.state;

    let retried: boolean | undefined;
    await expect(
      orm.em.fork().transactional(async (em) => {
        retried = await jobs.retry(em, "push-config", id ?? "");
        throw new Error("the audit entry failed");
      }),
    ).rejects.toThrow("the audit entry failed");
    expect(retried).toBe(true);
    expect(await state()).toBe("failed");

    expect(await orm.em.fork().transactional((em) => jobs.retry(em, "push-config", id ?? ""))).toBe(true);
    expect(await state()).not.toBe("failed");
    expect(await orm.em.fork().transactional((em) => jobs.retry(em, "no-such-queue", id ?? ""))).toBe(false);
  });

  it("asks for the grant exchange in the provision's own transaction", async () => {
    const outcome = await provision(context(), { ...provisionRequest({ plan: "premium" }), options: {} });
    expect(outcome.state).toBe("provisioning");
    await vi.waitFor(() => expect(worked).toContainEqual({ name: "exchange-grant", resourceId: outcome.id }), { timeout: 20_000, interval: 100 });
  });
});

describe("recordJobGaveUp", () => {
  it("fails a provision that can no longer finish, with the reason, on its timeline", async () => {
    const { id } = await provision(context(), { ...provisionRequest({ plan: "premium" }), options: {} });
    await recordJobGaveUp({ em: orm.em, events: noLifecycleEvents }, { name: "exchange-grant", resourceId: id }, "invalid_grant");

    const resource = await orm.em.fork().findOneOrFail(Resource, { id });
    expect(resource).toMatchObject({ state: "failed", failureReason: "exchange-grant failed: invalid_grant" });
    const events = await orm.em.fork().find(ResourceEvent, { resource }, { orderBy: { id: "asc" } });
    expect(events.map((event) => event.type)).toEqual(["provisioning_started", "job_gave_up", "provision_failed"]);
  });

  it("only notes a failed side job on a provisioned resource", async () => {
    const { id } = await provision(context(), { ...provisionRequest({ plan: "basic" }), options: {} });
    await recordJobGaveUp({ em: orm.em, events: noLifecycleEvents }, { name: "write-app-log", resourceId: id, message: "hello" }, "log input answered 500");
    const resource = await orm.em.fork().findOneOrFail(Resource, { id });
    expect(resource.state).toBe("provisioned");
    expect(await orm.em.fork().count(ResourceEvent, { resource, type: "job_gave_up" })).toBe(1);
  });
});
