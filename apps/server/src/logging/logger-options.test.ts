import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createStaffMember } from "@addon-kit/domain";
import { CustomerBrowser } from "../testing/customer-browser.ts";
import { useTestApp } from "../testing/test-app.ts";
import { redactedMessage, redactedUrl } from "./logger-options.ts";

let lines: string[] = [];
const logStream = new Writable({
  write(chunk, _encoding, done) {
    lines.push(...String(chunk).split("\n").filter(Boolean));
    done();
  },
});
const log = () => lines.join("\n");

const testApp = useTestApp({ LOG_LEVEL: "info", SSO_RATE_LIMIT_PER_MINUTE: "1000" }, { logStream });

const consoleHeaders = { "x-addon-kit-console": "1", "content-type": "application/json" };

describe("the server log", () => {
  it("keeps the tokens, user id and email of a GET sign-in link out, and the path in", async () => {
    const customer = new CustomerBrowser(testApp.app, testApp.config);
    const resource = await customer.provision();
    const form = customer.ssoForm(resource.herokuUuid, { email: "secret-person@example.com", user_id: "user-secret-id" });
    lines = [];
    const response = await customer.request("GET", `/sso/login?${new URLSearchParams(form)}`);
    expect(response.statusCode).toBe(403); // the user-scoped token covers the original user id and email
    const signIn = await customer.request("GET", `/sso/login?${new URLSearchParams(customer.ssoForm(resource.herokuUuid))}`);
    expect(signIn.statusCode).toBe(302);

    expect(log()).toContain('"url":"/sso/login?resource_id=[redacted]');
    for (const secret of [form.resource_token, form.user_scoped_resource_token, "secret-person", "user-secret-id", "ada@example.com"]) {
      expect(log()).not.toContain(secret);
    }
  });

  it("logs why an SSO sign-in was refused, which the client is not told", async () => {
    lines = [];
    await testApp.app.inject({
      method: "POST",
      url: "/sso/login",
      payload: { resource_id: crypto.randomUUID(), timestamp: "1", resource_token: "0".repeat(40) },
    });
    expect(lines.map((line) => JSON.parse(line))).toContainEqual(
      expect.objectContaining({ code: "sso_refused", reason: expect.stringMatching(/^timestamp is \d+ s old$/) }),
    );
  });

  it("keeps a password sent in a query string out", async () => {
    lines = [];
    await testApp.app.inject({ method: "GET", url: "/trpc/session.signIn?password=hunter2-in-the-url&input=%7B%22password%22%3A%22hunter3%22%7D" });
    expect(log()).toContain("/trpc/session.signIn?password=[redacted]&input=[redacted]");
    expect(log()).not.toContain("hunter");
  });

  it("logs a failed database write without the statement's values", async () => {
    const admin = `admin-${crypto.randomUUID().slice(0, 8)}@staff.example`;
    await createStaffMember(testApp.app.orm.em, { email: admin, name: "A", role: "admin", password: "a-long-enough-password" }, "test");
    const signIn = await testApp.app.inject({
      method: "POST",
      url: "/trpc/session.signIn",
      headers: consoleHeaders,
      payload: JSON.stringify({ email: admin, password: "a-long-enough-password" }),
    });
    const cookie = String(signIn.headers["set-cookie"]).split(";")[0] ?? "";
    // A constraint the insert breaks: the write reaches the database and fails there.
    const connection = testApp.app.orm.em.getConnection();
    await connection.execute(`alter table staff_members add constraint log_test_refuses check (email not like 'refused-%')`);
    try {
      lines = [];
      const email = `refused-${crypto.randomUUID().slice(0, 8)}@staff.example`;
      const response = await testApp.app.inject({
        method: "POST",
        url: "/trpc/staff.create",
        headers: { ...consoleHeaders, cookie },
        payload: JSON.stringify({ email, name: "Refused", role: "viewer", password: "the-new-members-password" }),
      });
      expect(response.statusCode).toBe(500);
      expect(log()).toContain("log_test_refuses");
      for (const value of ["$argon2", email, "insert into", "the-new-members-password"]) expect(log()).not.toContain(value);

      // What a failed job writes on the resource's timeline goes through the same redaction.
      const failure = await createStaffMember(testApp.app.orm.em, { email, name: "R", role: "viewer", password: "the-new-members-password" }, "test").catch(
        (error: unknown) => error,
      );
      expect(String((failure as Error).message)).toContain("$argon2");
      expect(redactedMessage(failure)).toContain("log_test_refuses");
      expect(redactedMessage(failure)).not.toContain("$argon2");
    } finally {
      await connection.execute("alter table staff_members drop constraint log_test_refuses");
    }
  });
});

describe("a logged URL", () => {
  it("keeps the path and the names of its query parameters", () => {
    expect(redactedUrl("/sso/login?token=abc&email=a%40b.c")).toBe("/sso/login?token=[redacted]&email=[redacted]");
    expect(redactedUrl("/healthz")).toBe("/healthz");
  });
});
