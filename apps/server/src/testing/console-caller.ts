import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { consoleRouter, createCallerFactory, createConsoleContext } from "@addon-kit/console-api";
import type { StaffRole } from "@addon-kit/contracts";
import { createStaffMember } from "@addon-kit/domain";
import { consoleSignInKey } from "../console/console-plugin.ts";

const createCaller = createCallerFactory(consoleRouter);

/**
 * Calls the console router directly, with the context the HTTP adapter makes and a cookie jar
 * of one session token. `signedInCaller` creates a staff member with `role` and signs them in.
 */
export function consoleCaller(app: FastifyInstance) {
  const jar: { token: string | undefined } = { token: undefined };
  // Each caller is a client of its own, so that one test's sign-ins do not use up another's limit.
  const signInAttemptKey = consoleSignInKey(`caller-${randomBytes(6).toString("hex")}`);
  const caller = createCaller(() =>
    createConsoleContext(app.consoleServices, {
      sessionToken: jar.token,
      signInAttemptKey,
      setSessionToken: (token) => {
        jar.token = token ?? undefined;
      },
    }),
  );
  return { caller, jar };
}

export async function signedInCaller(app: FastifyInstance, role: StaffRole) {
  const email = `${role}-${randomBytes(4).toString("hex")}@staff.example`;
  const password = randomBytes(12).toString("base64url");
  await createStaffMember(app.orm.em, { email, name: `A ${role}`, role, password }, "test");
  const session = consoleCaller(app);
  await session.caller.session.signIn({ email, password });
  return { ...session, email, password };
}
