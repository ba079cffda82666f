import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { createStaffMember } from "@addon-kit/domain";
import { clientAddress, provisionRequest } from "@addon-kit/testing/factories";
import { signedInCaller } from "../testing/console-caller.ts";
import { CustomerBrowser } from "../testing/customer-browser.ts";
import { herokuAuthorization, useTestApp } from "../testing/test-app.ts";

const testApp = useTestApp({ SSO_RATE_LIMIT_PER_MINUTE: "1000", STAFF_SIGN_IN_RATE_LIMIT_PER_MINUTE: "1000" });

const partnerHeaders = () => ({ authorization: herokuAuthorization(testApp.config), "content-type": "application/json" });
const consoleHeaders = { "x-addon-kit-console": "1", "content-type": "application/json" };
const provision = (overrides: Record<string, unknown>, rawOptions?: string) => {
  const body = JSON.stringify(provisionRequest(overrides));
  // JSON.stringify itself overflows on a hostile depth: such options are spliced in as text.
  const payload = rawOptions ? body.replace('"options":{}', `"options":${rawOptions}`) : body;
  return testApp.app.inject({ method: "POST", url: "/heroku/resources", headers: partnerHeaders(), payload });
};
const nested = (depth: number): unknown => (depth === 0 ? "leaf" : { level: nested(depth - 1) });
const nestedText = (depth: number) => `{"deep":${"[".repeat(depth)}1${"]".repeat(depth)}}`;

/** Every route that takes a body, with what it takes. */
const bodyRoutes = [
  { url: "/heroku/resources", headers: () => partnerHeaders() },
  { url: `/heroku/webhooks/${crypto.randomUUID()}`, headers: () => ({ "content-type": "application/json" }) },
  { url: "/sso/login", headers: () => ({ "content-type": "application/x-www-form-urlencoded" }) },
  { url: `/dashboard/${crypto.randomUUID()}/reveal`, headers: () => ({ "content-type": "application/x-www-form-urlencoded" }) },
  { url: "/trpc/session.signIn", headers: () => consoleHeaders },
];

describe("bodies", () => {
  it.each(bodyRoutes)("$url refuses a body over its limit with 413 and a message", async ({ url, headers }) => {
    const response = await testApp.app.inject({
      method: "POST",
      url,
      headers: headers(),
      payload: `{"padding":"${"x".repeat(200_000)}"}`,
      remoteAddress: clientAddress(),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({ message: expect.stringMatching(/too large/) });
  });

  it.each(bodyRoutes)("$url refuses a content type it does not take with 415", async ({ url, headers }) => {
    for (const contentType of ["multipart/form-data; boundary=x", "text/plain", "application/xml"]) {
      const response = await testApp.app.inject({
        method: "POST",
        url,
        headers: { ...headers(), "content-type": contentType },
        payload: '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.c\r\n--x--',
        remoteAddress: clientAddress(),
      });
      expect(response.statusCode).toBe(415);
      expect(response.json()).toEqual({
        message: url.startsWith("/trpc") ? "Console requests send JSON (Content-Type: application/json)." : "Unsupported Media Type",
      });
    }
  });

  it("refuses a large multipart sign-in before reading it", async () => {
    const huge = Buffer.alloc(20 * 1024 * 1024, "a");
    const response = await testApp.app.inject({
      method: "POST",
      url: "/trpc/session.signIn",
      headers: { "x-addon-kit-console": "1", "content-type": "multipart/form-data; boundary=x" },
      payload: huge,
    });
    expect(response.statusCode).toBe(415);
  });
});

describe("errors Fastify makes itself", () => {
  it.each([
    { name: "an unknown route", method: "GET", url: "/no/such/route", status: 404 },
    { name: "an unknown method on a known path", method: "PATCH", url: "/heroku/resources", status: 404 },
    { name: "a path that is not valid percent-encoding", method: "GET", url: "/heroku/resources/%E0%A4%A", status: 400 },
    { name: "a tRPC path that is not valid percent-encoding", method: "GET", url: "/trpc/%E0%A4%A", status: 400 },
  ] as const)("answer $name with $status and only a message", async ({ method, url, status }) => {
    const response = await testApp.app.inject({ method, url, headers: { authorization: herokuAuthorization(testApp.config) } });
    expect(response.statusCode).toBe(status);
    expect(Object.keys(response.json())).toEqual(["message"]);
  });

  it("answers JSON that does not parse, and an empty JSON body, with 400 and a message", async () => {
    for (const payload of ["{not json", ""]) {
      const response = await testApp.app.inject({
        method: "POST",
        url: "/sso/login",
        headers: { "content-type": "application/json" },
        payload,
        remoteAddress: clientAddress(),
      });
      expect(response.statusCode).toBe(400);
      expect(Object.keys(response.json())).toEqual(["message"]);
    }
  });

  it("answers headers too large for Node's parser with 431 and a message", async () => {
    await testApp.app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = testApp.app.server.address() as { port: number };
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => socket.write(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(40_000)}\r\n\r\n`));
      let answer = "";
      socket.on("data", (chunk) => (answer += chunk));
      socket.on("end", () => resolve(answer));
      socket.on("error", reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 431 /);
    expect(raw).toMatch(/content-type: application\/json/i);
    expect(JSON.parse(raw.slice(raw.indexOf("\r\n\r\n") + 4))).toEqual({ message: "Request Header Fields Too Large: the request could not be read." });
  });
});

describe("input the schemas accept is input the database holds", () => {
  it.each([
    ["a 256-character name", { name: "n".repeat(256) }, "body.name"],
    ["a NUL in the name", { name: "acme\u0000" }, "body.name"],
    ["a lone surrogate in the name", { name: "acme\uD800" }, "body.name"],
    ["a NUL in an option value", { options: { flag: "a\u0000b" } }, "body.options"],
    ["a lone surrogate in an option key", { options: { ["\uDC00key"]: 1 } }, "body.options"],
    ["a NUL in the plan", { plan: "test\u0000" }, "body.plan"],
    ["a NUL in the region", { region: "us\u0000" }, "body.region"],
  ])("refuses a provision with %s with 400 naming the field", async (_name, overrides, field) => {
    const response = await provision(overrides);
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain(field);
  });

  it("refuses a provision with options nested 25,000 levels deep with 400 naming the field", async () => {
    const response = await provision({}, nestedText(25_000));
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain("body.options: must not nest deeper than 32 levels");
  });

  it("provisions with a 255-character name and options 31 levels deep", async () => {
    const response = await provision({ name: "n".repeat(255), options: { deep: nested(30) } });
    expect(response.statusCode).toBe(200);
  });

  it("refuses a plan change to a plan with a NUL with 400", async () => {
    const response = await testApp.app.inject({
      method: "PUT",
      url: `/heroku/resources/${crypto.randomUUID()}`,
      headers: partnerHeaders(),
      payload: JSON.stringify({ plan: "a\u0000" }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain("body.plan");
  });

  it("refuses a console search with a NUL with 400 naming the field", async () => {
    const email = `searcher-${crypto.randomUUID().slice(0, 8)}@staff.example`;
    await createStaffMember(testApp.app.orm.em, { email, name: "S", role: "viewer", password: "a-long-enough-password" }, "test");
    const signIn = await testApp.app.inject({
      method: "POST",
      url: "/trpc/session.signIn",
      headers: consoleHeaders,
      payload: JSON.stringify({ email, password: "a-long-enough-password" }),
    });
    const cookie = String(signIn.headers["set-cookie"]).split(";")[0] ?? "";
    const input = encodeURIComponent(JSON.stringify({ search: "ab\u0000c" }));
    const response = await testApp.app.inject({ method: "GET", url: `/trpc/resources.list?input=${input}`, headers: { cookie } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/^Invalid input: search: must not contain NUL/);
  });

  it("lets an admin add and change staff with the longest email the form allows", async () => {
    const { caller } = await signedInCaller(testApp.app, "admin");
    const email = `${crypto.randomUUID().slice(0, 8).padEnd(64, "s")}@${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(53)}.example`;
    expect(email).toHaveLength(254);
    await expect(caller.staff.create({ email, name: "Long", role: "viewer", password: "a-long-enough-password" })).resolves.toMatchObject({ email });
    await expect(caller.staff.update({ email, role: "operator" })).resolves.toMatchObject({ role: "operator" });
  });

  it("lets a customer with the longest email the form allows reveal their config", async () => {
    const customer = new CustomerBrowser(testApp.app, testApp.config);
    const resource = await customer.provision();
    const email = `${"e".repeat(242)}@example.com`;
    const form = customer.ssoForm(resource.herokuUuid, { email });
    expect((await customer.postSso({ resource_id: form.resource_id, timestamp: form.timestamp, resource_token: form.resource_token, email })).statusCode).toBe(
      302,
    );
    const revealed = await customer.submit(`/dashboard/${resource.id}`, `/dashboard/${resource.id}/reveal`);
    expect(revealed.statusCode).toBe(200);
  });

  it("refuses an SSO form whose untrusted fields the database cannot hold with the usual 403", async () => {
    const customer = new CustomerBrowser(testApp.app, testApp.config);
    const resource = await customer.provision();
    const form = customer.ssoForm(resource.herokuUuid);
    const response = await customer.postSso({
      resource_id: form.resource_id,
      timestamp: form.timestamp,
      resource_token: form.resource_token,
      app: "my\u0000app",
    });
    expect(response.statusCode).toBe(403);
  });
});

describe("URLs Heroku hands over", () => {
  it.each([
    ["plain http to another host", "http://logs.example.com/logs"],
    ["another scheme", "ftp://logs.example.com/logs"],
    ["a file", "file:///etc/passwd"],
    ["http to an internal address", "http://169.254.169.254/latest/meta-data"],
  ])("refuses %s as log_input_url and callback_url with 400", async (_name, url) => {
    for (const field of ["log_input_url", "callback_url"]) {
      const response = await provision({ [field]: url });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toContain(`body.${field}: must be an https URL`);
    }
  });

  it("takes https, and outside production http to this machine, where a fake Heroku runs", async () => {
    expect((await provision({ log_input_url: "https://token:t@1.us.logplex.io/logs" })).statusCode).toBe(200);
    expect((await provision({ log_input_url: "http://127.0.0.1:9/logs", callback_url: "http://localhost:9/addons/x" })).statusCode).toBe(200);
  });
});
