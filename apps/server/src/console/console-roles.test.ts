import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { type StaffRole, staffRoles } from "@addon-kit/contracts";
import { consoleCaller, signedInCaller } from "../testing/console-caller.ts";
import { useTestApp } from "../testing/test-app.ts";

const testApp = useTestApp();

type Caller = ReturnType<typeof consoleCaller>["caller"];
const someId = "00000000-0000-4000-8000-000000000000";

/**
 * Every procedure that needs a session, with the least role that may call it and what it
 * answers that role here (about an id that does not exist, where it takes one).
 */
const procedures: [string, StaffRole, string | undefined, (caller: Caller) => Promise<unknown>][] = [
  ["session.me", "viewer", undefined, (caller) => caller.session.me()],
  ["session.signOut", "viewer", undefined, (caller) => caller.session.signOut()],
  ["business.overview", "viewer", undefined, (caller) => caller.business.overview()],
  ["business.plans", "viewer", undefined, (caller) => caller.business.plans()],
  ["resources.list", "viewer", undefined, (caller) => caller.resources.list({})],
  ["resources.detail", "viewer", "NOT_FOUND", (caller) => caller.resources.detail({ id: someId })],
  ["resources.rotateCredentials", "operator", "NOT_FOUND", (caller) => caller.resources.rotateCredentials({ id: someId })],
  ["resources.retryProvision", "operator", "NOT_FOUND", (caller) => caller.resources.retryProvision({ id: someId })],
  ["operations.jobs", "viewer", undefined, (caller) => caller.operations.jobs()],
  ["operations.retryJob", "operator", "NOT_FOUND", (caller) => caller.operations.retryJob({ queue: "push-config", id: someId })],
  ["deliveries.list", "viewer", undefined, (caller) => caller.deliveries.list({})],
  ["deliveries.redeliver", "operator", "NOT_FOUND", (caller) => caller.deliveries.redeliver({ eventId: someId })],
  ["audit.list", "viewer", undefined, (caller) => caller.audit.list({})],
  ["staff.list", "admin", undefined, (caller) => caller.staff.list()],
  [
    "staff.create",
    "admin",
    undefined,
    (caller) => caller.staff.create({ email: `new-${crypto.randomUUID()}@staff.example`, name: "New", role: "viewer", password: "a-long-enough-password" }),
  ],
  ["staff.update", "admin", "NOT_FOUND", (caller) => caller.staff.update({ email: "nobody@staff.example", role: "viewer" })],
];

async function errorCode(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

describe("console roles", () => {
  it.each(procedures)("%s refuses a caller without a session with UNAUTHORIZED", async (_name, _role, _answer, call) => {
    expect(await errorCode(call(consoleCaller(testApp.app).caller))).toBe("UNAUTHORIZED");
  });

  it.each(procedures)("%s needs at least the %s role", async (_name, least, answer, call) => {
    for (const role of staffRoles) {
      const { caller } = await signedInCaller(testApp.app, role);
      const code = await errorCode(call(caller));
      expect(code, role).toBe(staffRoles.indexOf(role) < staffRoles.indexOf(least) ? "FORBIDDEN" : answer);
    }
  });
});
