import { describe, expect, it } from "vitest";
import { consoleCaller, signedInCaller } from "../testing/console-caller.ts";
import { useTestApp } from "../testing/test-app.ts";

const testApp = useTestApp();

describe("staff management", () => {
  it("lets an admin create an account that can then sign in, and refuses a duplicate", async () => {
    const { caller } = await signedInCaller(testApp.app, "admin");
    const email = `grace-${crypto.randomUUID().slice(0, 8)}@staff.example`;
    const created = await caller.staff.create({ email, name: "Grace", role: "operator", password: "correct horse battery" });
    expect(created).toMatchObject({ email, name: "Grace", role: "operator", disabled: false, locked: false });
    await expect(caller.staff.create({ email: email.toUpperCase(), name: "Again", role: "viewer", password: "another long password" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: `A staff account for ${email} already exists.`,
    });
    expect(await consoleCaller(testApp.app).caller.session.signIn({ email, password: "correct horse battery" })).toMatchObject({ role: "operator" });
    expect((await caller.staff.list()).map((member) => member.email)).toContain(email);
  });

  it("does not let an admin demote or disable themselves", async () => {
    const { caller, email } = await signedInCaller(testApp.app, "admin");
    const refusal = { code: "FORBIDDEN", message: "You cannot change your own role or disable your own account; ask another admin." };
    await expect(caller.staff.update({ email, role: "viewer" })).rejects.toMatchObject(refusal);
    await expect(caller.staff.update({ email, disabled: true })).rejects.toMatchObject(refusal);
    expect(await caller.session.me()).toMatchObject({ role: "admin" });
  });

  it("refuses a short password, naming the field", async () => {
    const { caller } = await signedInCaller(testApp.app, "admin");
    await expect(caller.staff.create({ email: "short@staff.example", name: "S", role: "viewer", password: "short" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("must be at least 12 characters"),
    });
  });

  it("changes a role, and disabling an account ends its sessions at once", async () => {
    const admin = await signedInCaller(testApp.app, "admin");
    const viewer = await signedInCaller(testApp.app, "viewer");
    expect(await admin.caller.staff.update({ email: viewer.email, role: "operator" })).toMatchObject({ role: "operator" });
    expect(await viewer.caller.session.me()).toMatchObject({ role: "operator" });

    await admin.caller.staff.update({ email: viewer.email, disabled: true });
    await expect(viewer.caller.session.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(consoleCaller(testApp.app).caller.session.signIn({ email: viewer.email, password: viewer.password })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });

    const audit = await admin.caller.audit.list({});
    expect(audit.items.filter((entry) => entry.target === `staff:${viewer.email}`).map((entry) => [entry.actor, entry.action])).toEqual([
      [admin.email, "staff.update"],
      [admin.email, "staff.update"],
      ["test", "staff.create"],
    ]);
  });
});
