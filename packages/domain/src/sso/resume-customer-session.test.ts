import { noLifecycleEvents } from "../product/lifecycle-events.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MikroORM } from "@mikro-orm/core";
import { provisionRequest } from "@addon-kit/testing/factories";
import { SessionInvalid } from "../errors.ts";
import { apiKeyTenantProvisioner } from "../provisioners/api-key-tenant/api-key-tenant.ts";
import { provision } from "../resources/provision.ts";
import { SecretBox } from "../secret-box.ts";
import { openTestDatabase, startTestJobQueue } from "../testing/open-test-database.ts";
import { endCustomerSession, resumeCustomerSession } from "./resume-customer-session.ts";
import type { SsoPolicy } from "../sessions/session-policy.ts";
import { signInWithSso } from "./sign-in-with-sso.ts";
import { signedSsoForm } from "@addon-kit/contracts";

const policy: SsoPolicy = { salt: "a-salt-for-tests", maxAgeSeconds: 300, session: { idleMinutes: 60, maxHours: 8 } };
const minutes = (start: Date, count: number) => new Date(start.getTime() + count * 60_000);

let orm: MikroORM;
let jobs: Awaited<ReturnType<typeof startTestJobQueue>>;
beforeAll(async () => {
  orm = await openTestDatabase();
  jobs = await startTestJobQueue(orm);
});
afterAll(async () => {
  await jobs.stop();
  await orm.close();
});

async function signedInAt(now: Date) {
  const request = provisionRequest();
  const provisioned = await provision(
    {
      em: orm.em.fork(),
      provisioner: apiKeyTenantProvisioner({ configVarsPrefix: "X", productUrl: "https://x.example" }),
      secrets: new SecretBox(Buffer.alloc(32, 1)),
      jobs,
      events: noLifecycleEvents,
      addon: { name: "X", regions: ["us"] },
    },
    { ...request, options: {} },
  );
  const form = signedSsoForm({ resourceId: request.uuid, salt: policy.salt, userId: "u", email: "u@example.com", now });
  const signedIn = await signInWithSso(
    orm.em,
    policy,
    {
      resourceId: form.resource_id,
      timestamp: form.timestamp,
      resourceToken: form.resource_token,
      userScopedToken: form.user_scoped_resource_token,
      userId: "u",
      email: "u@example.com",
      app: undefined,
      contextApp: undefined,
      deepLink: {},
    },
    { into: "dashboard", now },
  );
  return { token: signedIn.sessionToken, resourceId: provisioned.id };
}

describe("customer sessions", () => {
  it("end after an idle hour", async () => {
    const start = new Date();
    const { token, resourceId } = await signedInAt(start);
    await expect(resumeCustomerSession(orm.em.fork(), policy.session, token, resourceId, minutes(start, 59))).resolves.toBeDefined();
    await expect(resumeCustomerSession(orm.em.fork(), policy.session, token, resourceId, minutes(start, 59 + 61))).rejects.toThrow(SessionInvalid);
  });

  it("slide with use, but never past eight hours", async () => {
    const start = new Date();
    const { token, resourceId } = await signedInAt(start);
    for (let minute = 45; minute < 8 * 60; minute += 45) {
      await resumeCustomerSession(orm.em.fork(), policy.session, token, resourceId, minutes(start, minute));
    }
    await expect(resumeCustomerSession(orm.em.fork(), policy.session, token, resourceId, minutes(start, 8 * 60 + 1))).rejects.toThrow(SessionInvalid);
  });

  it("open nothing once ended", async () => {
    const start = new Date();
    const { token, resourceId } = await signedInAt(start);
    const em = orm.em.fork();
    await endCustomerSession(em, await resumeCustomerSession(em, policy.session, token, resourceId, start));
    await expect(resumeCustomerSession(orm.em.fork(), policy.session, token, resourceId, start)).rejects.toThrow(SessionInvalid);
  });

  it("open nothing without a token or with an unknown one", async () => {
    const { resourceId } = await signedInAt(new Date());
    await expect(resumeCustomerSession(orm.em.fork(), policy.session, undefined, resourceId)).rejects.toThrow(SessionInvalid);
    await expect(resumeCustomerSession(orm.em.fork(), policy.session, "unknown", resourceId)).rejects.toThrow(SessionInvalid);
  });
});
