import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditEntry } from "@addon-kit/domain";
import { createPgBoss } from "@addon-kit/infrastructure";
import { signedInCaller } from "../testing/console-caller.ts";
import { useTestApp } from "../testing/test-app.ts";

const testApp = useTestApp();
/** pg-boss itself, on the app's database: how a test puts jobs in states no worker here would reach. */
let boss: PgBoss;
beforeAll(async () => {
  boss = await createPgBoss(testApp.app.orm, testApp.config.database, { supervise: false, schedule: false });
  await boss.start();
});
afterAll(async () => {
  await boss.stop({ graceful: false });
});

/** A job that failed for good, as pg-boss records it after its last retry. */
async function failedJob() {
  const resourceId = crypto.randomUUID();
  const id = (await boss.send("push-config", { name: "push-config", resourceId }, { retryLimit: 0 }))!;
  await boss.fail("push-config", id, { message: "PATCH /addons/x/config failed with 503" });
  return { id, resourceId };
}

describe("operations", () => {
  it("lists failed jobs with their error, and pending ones", async () => {
    const { id, resourceId } = await failedJob();
    const waiting = await boss.send("reconcile-attachments", { name: "reconcile-attachments", resourceId });
    const { caller } = await signedInCaller(testApp.app, "viewer");
    const { failed, pending } = await caller.operations.jobs();
    expect(failed.find((job) => job.id === id)).toMatchObject({
      queue: "push-config",
      state: "failed",
      resourceId,
      error: "PATCH /addons/x/config failed with 503",
    });
    expect(pending.find((job) => job.id === waiting)).toMatchObject({ queue: "reconcile-attachments", state: "created", attempts: 0, error: null });
    expect(failed.map((job) => job.id)).not.toContain(waiting);
  });

  it("retries a failed job as an operator, audited; a job that has not failed cannot be retried", async () => {
    const { id } = await failedJob();
    const { caller, email } = await signedInCaller(testApp.app, "operator");
    expect(await caller.operations.retryJob({ queue: "push-config", id })).toEqual({ retried: true });
    const [job] = await boss.findJobs("push-config", { id });
    expect(job?.state).toBe("retry");
    expect(await testApp.app.orm.em.fork().count(AuditEntry, { actor: email, action: "job.retry", target: `job:push-config/${id}` })).toBe(1);

    await expect(caller.operations.retryJob({ queue: "push-config", id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.operations.retryJob({ queue: "no-such-queue", id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
