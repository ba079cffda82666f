import { describe, expect, it } from "vitest";
import { CustomerSession, Resource } from "@addon-kit/domain";
import { clientAddress, provisionRequest } from "@addon-kit/testing/factories";
import { CustomerBrowser } from "../testing/customer-browser.ts";
import { herokuAuthorization, useTestApp } from "../testing/test-app.ts";

const testApp = useTestApp({ SSO_RATE_LIMIT_PER_MINUTE: "1000" });

const browser = () => new CustomerBrowser(testApp.app, testApp.config);
const minutesFromNow = (minutes: number) => Math.floor(Date.now() / 1000 + minutes * 60).toString();

describe("SSO sign-in", () => {
  it("answers a signed form post with a session cookie for the resource's dashboard and a 302 there", async () => {
    const customer = browser();
    const resource = await customer.provision();
    const response = await customer.postSso(customer.ssoForm(resource.herokuUuid));
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe(`/dashboard/${resource.id}`);
    const setCookie = String(response.headers["set-cookie"]);
    expect(setCookie).toMatch(new RegExp(`^addon_kit_session=[^;]+; Path=/dashboard/${resource.id}; Expires=[^;]+; HttpOnly; SameSite=Lax$`));

    const session = await testApp.app.orm.em.fork().findOneOrFail(CustomerSession, { resource: resource.id }, { orderBy: { createdAt: "desc" } });
    expect(session).toMatchObject({ herokuUserId: "user-1", email: "ada@example.com", userVerified: true, app: "my-app", contextApp: "my-app" });
    expect(setCookie).not.toContain(session.tokenHash);
  });

  it("accepts the same fields as a GET query string", async () => {
    const customer = browser();
    const resource = await customer.provision();
    const response = await customer.request("GET", `/sso/login?${new URLSearchParams(customer.ssoForm(resource.herokuUuid))}`);
    expect(response.statusCode).toBe(302);
  });

  it("accepts the legacy id/token pair, and does not vouch for a user no token covers", async () => {
    const customer = browser();
    const resource = await customer.provision();
    const { resource_id, resource_token, timestamp } = customer.ssoForm(resource.herokuUuid);
    const response = await customer.postSso({ id: resource_id, token: resource_token, timestamp, email: "mallory@example.com" });
    expect(response.statusCode).toBe(302);
    const dashboard = await customer.request("GET", `/dashboard/${resource.id}`);
    expect(dashboard.body).toContain("mallory@example.com</span> (not verified by Heroku)");
  });

  it.each([
    ["a wrong resource token", (form: Record<string, string>) => ({ ...form, user_scoped_resource_token: undefined, resource_token: "0".repeat(40) })],
    [
      "a wrong user-scoped token, even with a right resource token",
      (form: Record<string, string>) => ({ ...form, user_scoped_resource_token: "0".repeat(64) }),
    ],
    ["an email the user-scoped token does not cover", (form: Record<string, string>) => ({ ...form, email: "mallory@example.com" })],
    ["a user id the user-scoped token does not cover", (form: Record<string, string>) => ({ ...form, user_id: "user-2" })],
    ["a timestamp six minutes old", (form: Record<string, string>) => ({ ...form, timestamp: minutesFromNow(-6) })],
    ["a timestamp six minutes ahead", (form: Record<string, string>) => ({ ...form, timestamp: minutesFromNow(6) })],
    ["a timestamp that is not a number", (form: Record<string, string>) => ({ ...form, timestamp: "yesterday" })],
    ["no token at all", (form: Record<string, string>) => ({ ...form, resource_token: undefined, user_scoped_resource_token: undefined })],
    ["no resource id", (form: Record<string, string>) => ({ ...form, resource_id: undefined })],
    ["an oversized field", (form: Record<string, string>) => ({ ...form, email: "x".repeat(10_000) })],
  ])("refuses %s with a 403 page that tells nothing more", async (_name, tamper) => {
    const customer = browser();
    const resource = await customer.provision();
    const form = Object.fromEntries(Object.entries(tamper(customer.ssoForm(resource.herokuUuid))).filter(([, value]) => value !== undefined)) as Record<
      string,
      string
    >;
    const response = await customer.postSso(form);
    expect(response.statusCode).toBe(403);
    expect(response.headers["content-type"]).toMatch(/^text\/html/);
    expect(response.body).toContain("The link has expired, was already used, or is not valid.");
    expect(response.headers["set-cookie"]).toBeUndefined();
  });

  it("refuses a token that was already used once, and lets the user in again with a fresh one", async () => {
    const customer = browser();
    const resource = await customer.provision();
    const form = customer.ssoForm(resource.herokuUuid);
    expect((await customer.postSso(form)).statusCode).toBe(302);
    expect((await customer.postSso(form)).statusCode).toBe(403);
    const clickedAgain = customer.ssoForm(resource.herokuUuid, {}, new Date(Date.now() + 1000));
    expect((await customer.postSso(clickedAgain)).statusCode).toBe(302);
  });

  it("refuses a resource it does not know and a deprovisioned one", async () => {
    const customer = browser();
    expect((await customer.postSso(customer.ssoForm(provisionRequest().uuid))).statusCode).toBe(403);
    const resource = await customer.provision();
    await testApp.app.inject({
      method: "DELETE",
      url: `/heroku/resources/${resource.herokuUuid}`,
      headers: { authorization: herokuAuthorization(testApp.config) },
    });
    expect((await customer.postSso(customer.ssoForm(resource.herokuUuid))).statusCode).toBe(403);
  });

  it("answers clients that do not ask for HTML with the JSON message", async () => {
    const response = await testApp.app.inject({ method: "POST", url: "/sso/login", payload: { timestamp: "1" } });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ message: "The link has expired, was already used, or is not valid. Open the add-on again from your Heroku Dashboard." });
  });
});

describe("SSO rate limit", () => {
  // Built in a hook, with a hook's time: starting a service takes seconds on a busy machine.
  const limited = useTestApp({ SSO_RATE_LIMIT_PER_MINUTE: "3" });

  it("answers 429 once one address has tried too often in a minute", async () => {
    const client = clientAddress();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await limited.app.inject({
        method: "POST",
        url: "/sso/login",
        headers: { accept: "text/html" },
        payload: { timestamp: "1" },
        remoteAddress: client,
      });
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([403, 403, 403, 429, 429]);
  });
});

describe("customer dashboard", () => {
  async function signedIn(overrides: Record<string, unknown> = {}) {
    const customer = browser();
    const resource = await customer.provision(overrides);
    expect((await customer.postSso(customer.ssoForm(resource.herokuUuid))).statusCode).toBe(302);
    return { customer, resource };
  }

  it("shows the resource, its plan, masked config vars, events and who is signed in", async () => {
    const { customer, resource } = await signedIn({ plan: "basic" });
    const page = await customer.request("GET", `/dashboard/${resource.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers["cache-control"]).toBe("no-store");
    expect(page.body).toContain(`<h1 id="resource-name">${resource.name}</h1>`);
    expect(page.body).toContain("Plan: Basic");
    expect(page.body).toContain("$29.00 / month");
    expect(page.body).toContain("1,000,000");
    expect(page.body).toContain("provisioned");
    expect(page.body).toContain("EXAMPLE_METRICS_API_KEY");
    expect(page.body).not.toMatch(/sk_[\w-]{32}/);
    expect(page.body).toContain("Provisioned on plan basic");
    expect(page.body).toContain("ada@example.com");
  });

  it("reveals the config vars on a form post with its CSRF token, and records that it did", async () => {
    const { customer, resource } = await signedIn();
    const forged = await customer.request("POST", `/dashboard/${resource.id}/reveal`, "", "application/x-www-form-urlencoded");
    expect(forged.statusCode).toBe(403);
    const revealed = await customer.submit(`/dashboard/${resource.id}`, `/dashboard/${resource.id}/reveal`);
    expect(revealed.statusCode).toBe(200);
    expect(revealed.body).toMatch(/sk_[\w-]{32}/);
    expect(revealed.body).toContain("Config vars revealed on the dashboard");
  });

  it("sends visitors without a session to a page that explains how to come in through Heroku", async () => {
    const { resource } = await signedIn();
    const stranger = browser();
    const page = await stranger.request("GET", `/dashboard/${resource.id}`);
    expect(page.statusCode).toBe(401);
    expect(page.body).toContain("Open the add-on again from the Heroku Dashboard.");
    const api = await testApp.app.inject({ method: "GET", url: `/dashboard/${resource.id}` });
    expect(api.statusCode).toBe(401);
    expect(api.json()).toEqual({ message: "Your session has ended. Open the add-on again from the Heroku Dashboard." });
  });

  it("never opens another resource with a session, even when the cookie is sent there", async () => {
    const { customer, resource } = await signedIn();
    const other = await customer.provision();
    const token = customer.cookie("addon_kit_session", `/dashboard/${resource.id}`);
    const response = await testApp.app.inject({ method: "GET", url: `/dashboard/${other.id}`, cookies: { addon_kit_session: token ?? "" } });
    expect(response.statusCode).toBe(401);
  });

  it("keeps a session for each resource open in one browser", async () => {
    const { customer, resource: first } = await signedIn();
    const second = await customer.provision();
    expect((await customer.postSso(customer.ssoForm(second.herokuUuid))).statusCode).toBe(302);
    expect((await customer.request("GET", `/dashboard/${first.id}`)).body).toContain(first.name);
    expect((await customer.request("GET", `/dashboard/${second.id}`)).body).toContain(second.name);
  });

  it("signs out: the cookie is cleared and the old session opens nothing", async () => {
    const { customer, resource } = await signedIn();
    const token = customer.cookie("addon_kit_session", `/dashboard/${resource.id}`) ?? "";
    const response = await customer.submit(`/dashboard/${resource.id}`, `/dashboard/${resource.id}/logout`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("You are signed out");
    expect(customer.cookie("addon_kit_session", `/dashboard/${resource.id}`)).toBeUndefined();
    const reused = await testApp.app.inject({ method: "GET", url: `/dashboard/${resource.id}`, cookies: { addon_kit_session: token } });
    expect(reused.statusCode).toBe(401);
  });

  it("refuses a cookie whose signature does not match", async () => {
    const { resource } = await signedIn();
    const response = await testApp.app.inject({ method: "GET", url: `/dashboard/${resource.id}`, cookies: { addon_kit_session: "forged.value" } });
    expect(response.statusCode).toBe(401);
  });

  it("closes the dashboard once the resource is deprovisioned", async () => {
    const { customer, resource } = await signedIn();
    const stored = await testApp.app.orm.em.fork().findOneOrFail(Resource, { id: resource.id });
    await testApp.app.inject({
      method: "DELETE",
      url: `/heroku/resources/${stored.herokuUuid}`,
      headers: { authorization: herokuAuthorization(testApp.config) },
    });
    expect((await customer.request("GET", `/dashboard/${resource.id}`)).statusCode).toBe(401);
  });

  it("tells the customer why an add-on that failed to provision is not there, escaped", async () => {
    const { customer, resource } = await signedIn();
    await testApp.app.orm.em.fork().nativeUpdate(Resource, { id: resource.id }, { state: "failed", failureReason: "exchange-grant failed: <invalid_grant>" });
    const page = await customer.request("GET", `/dashboard/${resource.id}`);
    expect(page.body).toContain("Setting this add-on up did not succeed (exchange-grant failed: &lt;invalid_grant&gt;).");
  });

  it("tells the customer an add-on is still being set up", async () => {
    const { customer, resource } = await signedIn();
    await testApp.app.orm.em.fork().nativeUpdate(Resource, { id: resource.id }, { state: "provisioning" });
    const page = await customer.request("GET", `/dashboard/${resource.id}`);
    expect(page.body).toContain("Being set up. Your apps receive their config vars as soon as it is ready.");
  });

  it("sends security headers", async () => {
    const { customer, resource } = await signedIn();
    const page = await customer.request("GET", `/dashboard/${resource.id}`);
    expect(page.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(page.headers["x-frame-options"]).toBe("SAMEORIGIN");
    expect(page.headers["x-content-type-options"]).toBe("nosniff");
  });
});

describe("SSO rate limit behind a proxy", () => {
  const limited = useTestApp({ SSO_RATE_LIMIT_PER_MINUTE: "2", TRUST_PROXY_HOPS: "1" });

  it("counts each client address the proxy reports, not the proxy's", async () => {
    const attempt = (client: string) =>
      limited.app.inject({ method: "POST", url: "/sso/login", headers: { "x-forwarded-for": client }, payload: { timestamp: "1" } });
    const [first, second] = [clientAddress(), clientAddress()];
    for (const client of [first, first, second, second]) expect((await attempt(client)).statusCode).toBe(403);
    expect((await attempt(first)).statusCode).toBe(429);
  });
});
