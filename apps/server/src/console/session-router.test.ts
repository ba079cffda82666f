import { describe, expect, it } from "vitest";
import { AuditEntry, StaffMember, StaffSession, signInLockout } from "@addon-kit/domain";
import { consoleCaller, signedInCaller } from "../testing/console-caller.ts";
import { useTestApp } from "../testing/test-app.ts";

// Lockouts are under test here, not the per-address limit on attempts.
const testApp = useTestApp({ STAFF_SIGN_IN_RATE_LIMIT_PER_MINUTE: "1000" });

const refused = { code: "UNAUTHORIZED", message: "Wrong email or password, or the account is locked for a while after too many attempts." };

describe("console sign-in", () => {
  it("opens a session for the right password, whatever the email's case, and says who is signed in", async () => {
    const { email, password } = await signedInCaller(testApp.app, "viewer");
    const { caller, jar } = consoleCaller(testApp.app);
    expect(await caller.session.signIn({ email: email.toUpperCase(), password })).toEqual({ email, name: "A viewer", role: "viewer" });
    expect(jar.token).toBeDefined();
    expect(await caller.session.me()).toMatchObject({ email, role: "viewer" });
    const stored = await testApp.app.orm.em.fork().find(StaffSession, { staff: { email } });
    expect(stored.map((session) => session.tokenHash)).not.toContain(jar.token);
  });

  it("refuses a wrong password and an unknown email with the same message", async () => {
    const { email } = await signedInCaller(testApp.app, "viewer");
    const { caller, jar } = consoleCaller(testApp.app);
    await expect(caller.session.signIn({ email, password: "wrong" })).rejects.toMatchObject(refused);
    await expect(caller.session.signIn({ email: "nobody@staff.example", password: "wrong" })).rejects.toMatchObject(refused);
    expect(jar.token).toBeUndefined();
  });

  it(`locks the account after ${signInLockout.attempts} wrong passwords in a row, even against the right one, and audits each attempt`, async () => {
    const { email, password } = await signedInCaller(testApp.app, "viewer");
    const { caller } = consoleCaller(testApp.app);
    for (let attempt = 0; attempt < signInLockout.attempts; attempt++) {
      await expect(caller.session.signIn({ email, password: `wrong-${attempt}` })).rejects.toMatchObject(refused);
    }
    await expect(caller.session.signIn({ email, password })).rejects.toMatchObject(refused);
    const member = await testApp.app.orm.em.fork().findOneOrFail(StaffMember, { email });
    expect(member.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    const audit = await testApp.app.orm.em.fork().find(AuditEntry, { actor: email, action: "session.sign_in_refused" }, { orderBy: { id: "asc" } });
    expect(audit.map((entry) => entry.detail?.reason)).toEqual([...Array(signInLockout.attempts).fill("wrong password"), "locked"]);
  });

  it("counts every one of many wrong passwords sent at once towards the lockout", async () => {
    const { email, password } = await signedInCaller(testApp.app, "viewer");
    const { caller } = consoleCaller(testApp.app);
    await Promise.allSettled(Array.from({ length: 12 }, (_, attempt) => caller.session.signIn({ email, password: `wrong-${attempt}` })));
    await expect(caller.session.signIn({ email, password })).rejects.toMatchObject(refused);
  });

  it("ends the session on sign-out: the same cookie opens nothing any more", async () => {
    const { caller, jar } = await signedInCaller(testApp.app, "viewer");
    const token = jar.token;
    await caller.session.signOut();
    expect(jar.token).toBeUndefined();
    jar.token = token;
    await expect(caller.session.me()).rejects.toMatchObject({ code: "UNAUTHORIZED", message: "Please sign in." });
  });

  it("never takes a customer's dashboard session for a staff session", async () => {
    const { caller, jar } = consoleCaller(testApp.app);
    jar.token = "a-customer-session-token-from-sso";
    await expect(caller.session.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
