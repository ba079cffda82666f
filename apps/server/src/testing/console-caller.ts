import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { StaffRole } from "@addon-kit/contracts";
import { SecretBox, createStaffMember } from "@addon-kit/domain";
import type { AppConfig } from "../config/load-config.ts";
import { consoleRouter } from "../console/console-router.ts";
import { createCallerFactory } from "../console/trpc.ts";
import { selectProvisioner } from "../select-provisioner.ts";

const createCaller = createCallerFactory(consoleRouter);

/**
 * Calls the console router directly, as the tRPC plugin would, with a cookie jar of one
 * session token. `signedIn` creates a staff member with `role` and signs them in.
 */
export function consoleCaller(app: FastifyInstance, config: AppConfig) {
  const jar: { token: string | undefined } = { token: undefined };
  const clientAddress = `caller-${randomBytes(6).toString("hex")}`;
  const caller = createCaller(() => ({
    em: app.orm.em.fork(),
    jobs: app.jobs,
    provisioner: selectProvisioner(config),
    secrets: new SecretBox(config.encryptionKey),
    sessionPolicy: config.staff.session,
    sessionToken: jar.token,
    // Each caller is a client of its own, so that one test's sign-ins do not use up another's limit.
    clientAddress,
    signInRateLimitPerMinute: config.staff.signInRateLimitPerMinute,
    setSessionToken: (token: string | null) => {
      jar.token = token ?? undefined;
    },
  }));
  return { caller, jar };
}

export async function signedInCaller(app: FastifyInstance, config: AppConfig, role: StaffRole) {
  const email = `${role}-${randomBytes(4).toString("hex")}@staff.example`;
  const password = randomBytes(12).toString("base64url");
  await createStaffMember(app.orm.em, { email, name: `A ${role}`, role, password }, "test");
  const session = consoleCaller(app, config);
  await session.caller.session.signIn({ email, password });
  return { ...session, email, password };
}
