import { describe, expect, it } from "vitest";
import { signedSsoForm } from "@addon-kit/contracts";
import { provisionRequest } from "@addon-kit/testing/factories";
import { CustomerBrowser } from "../testing/customer-browser.ts";
import { useTestApp } from "../testing/test-app.ts";

const testApp = useTestApp({ SSO_RATE_LIMIT_PER_MINUTE: "1000" });

const refusal = "The link has expired, was already used, or is not valid. Open the add-on again from your Heroku Dashboard.";

type Form = Record<string, string | undefined>;
const defined = (form: Form) => Object.fromEntries(Object.entries(form).filter(([, value]) => value !== undefined)) as Record<string, string>;

async function provisionedCustomer() {
  const customer = new CustomerBrowser(testApp.app, testApp.config);
  const resource = await customer.provision();
  return { customer, resource };
}

describe("an SSO click opens one session", () => {
  it.each<[string, (form: Record<string, string>) => Form]>([
    ["the same form again", (form) => form],
    [
      "its tokens in upper case",
      (form) => ({ ...form, resource_token: form.resource_token?.toUpperCase(), user_scoped_resource_token: form.user_scoped_resource_token?.toUpperCase() }),
    ],
    ["only its user-scoped token", (form) => ({ ...form, resource_token: undefined })],
    ["only its resource token", (form) => ({ ...form, user_scoped_resource_token: undefined })],
    [
      "only its resource token, re-cased and under the legacy names",
      (form) => ({ id: form.resource_id, token: form.resource_token?.toUpperCase(), timestamp: form.timestamp }),
    ],
  ])("refuses %s once the form was accepted", async (_name, resend) => {
    const { customer, resource } = await provisionedCustomer();
    const form = customer.ssoForm(resource.herokuUuid);
    expect((await customer.postSso(form)).statusCode).toBe(302);
    const again = await customer.postSso(defined(resend(form)));
    expect(again.statusCode).toBe(403);
    expect(again.headers["set-cookie"]).toBeUndefined();
  });

  it("runs no sign-in for a HEAD, so a link previewer does not spend a GET link", async () => {
    const { customer, resource } = await provisionedCustomer();
    const query = new URLSearchParams(customer.ssoForm(resource.herokuUuid));
    const head = await testApp.app.inject({ method: "HEAD", url: `/sso/login?${query}` });
    expect(head.statusCode).toBe(404);
    expect((await customer.request("GET", `/sso/login?${query}`)).statusCode).toBe(302);
  });

  it("refuses the form as a GET query string once it was posted, and the other way round", async () => {
    const { customer, resource } = await provisionedCustomer();
    const posted = customer.ssoForm(resource.herokuUuid);
    expect((await customer.postSso(posted)).statusCode).toBe(302);
    expect((await customer.request("GET", `/sso/login?${new URLSearchParams(posted)}`)).statusCode).toBe(403);

    // Another click, seconds earlier: Date.now() - 1000 could fall in the same second as the first.
    const fetched = customer.ssoForm(resource.herokuUuid, {}, new Date((Number(posted.timestamp) - 5) * 1000));
    expect((await customer.request("GET", `/sso/login?${new URLSearchParams(fetched)}`)).statusCode).toBe(302);
    expect((await customer.postSso(fetched)).statusCode).toBe(403);
  });

  it("refuses the whole form once its resource token alone opened a session", async () => {
    const { customer, resource } = await provisionedCustomer();
    const form = customer.ssoForm(resource.herokuUuid);
    expect((await customer.postSso(defined({ ...form, user_scoped_resource_token: undefined }))).statusCode).toBe(302);
    expect((await customer.postSso(form)).statusCode).toBe(403);
  });

  it("refuses a form whose resource token does not match, even beside a right user-scoped token", async () => {
    const { customer, resource } = await provisionedCustomer();
    const form = customer.ssoForm(resource.herokuUuid, { resource_token: "0".repeat(40) });
    expect((await customer.postSso(form)).statusCode).toBe(403);
  });

  it("refuses legacy and current names that disagree", async () => {
    const { customer, resource } = await provisionedCustomer();
    const form = customer.ssoForm(resource.herokuUuid);
    expect((await customer.postSso({ ...form, token: "0".repeat(40) })).statusCode).toBe(403);
  });

  it("lets two Heroku users who open the add-on in the same second both in, and neither twice", async () => {
    const { customer, resource } = await provisionedCustomer();
    const now = new Date();
    const salt = testApp.config.sso.salt;
    const ada = signedSsoForm({ resourceId: resource.herokuUuid, salt, userId: "user-1", email: "ada@example.com", now });
    const grace = signedSsoForm({ resourceId: resource.herokuUuid, salt, userId: "user-2", email: "grace@example.com", now });
    expect(ada.resource_token).toBe(grace.resource_token);

    expect((await customer.postSso(ada)).statusCode).toBe(302);
    expect((await customer.postSso(grace)).statusCode).toBe(302);
    for (const form of [ada, grace]) {
      expect((await customer.postSso(form)).statusCode).toBe(403);
      expect((await customer.postSso(defined({ ...form, user_scoped_resource_token: undefined }))).statusCode).toBe(403);
    }
  });

  it("opens one session when copies of a click arrive at once", async () => {
    const { customer, resource } = await provisionedCustomer();
    const form = customer.ssoForm(resource.herokuUuid);
    const copies = [
      form,
      form,
      { ...form, resource_token: form.resource_token.toUpperCase() },
      defined({ ...form, resource_token: undefined }),
      defined({ ...form, user_scoped_resource_token: undefined }),
      defined({ ...form, user_scoped_resource_token: undefined }),
    ];
    const statuses = await Promise.all(copies.map((copy) => customer.postSso(defined(copy)).then((response) => response.statusCode)));
    expect(statuses.filter((status) => status === 302)).toHaveLength(1);
    expect(statuses.filter((status) => status === 403)).toHaveLength(copies.length - 1);
  });
});

describe("an SSO refusal", () => {
  const minutesFromNow = (minutes: number) => Math.floor(Date.now() / 1000 + minutes * 60).toString();

  it("reads the same in JSON whatever the reason, and logs the reason only", async () => {
    const { customer, resource } = await provisionedCustomer();
    const used = customer.ssoForm(resource.herokuUuid);
    await customer.postSso(used);
    const attempts: Form[] = [
      used,
      customer.ssoForm(resource.herokuUuid, { timestamp: minutesFromNow(-6) }),
      customer.ssoForm(provisionRequest().uuid),
      { ...customer.ssoForm(resource.herokuUuid), user_scoped_resource_token: "0".repeat(64) },
      { timestamp: "1" },
      { ...customer.ssoForm(resource.herokuUuid), email: "x".repeat(10_000) },
    ];
    for (const form of attempts) {
      for (const accept of ["*/*", "application/json", undefined]) {
        const response = await testApp.app.inject({
          method: "POST",
          url: "/sso/login",
          headers: { "content-type": "application/x-www-form-urlencoded", ...(accept ? { accept } : {}) },
          payload: new URLSearchParams(defined(form)).toString(),
        });
        expect(response.statusCode).toBe(403);
        expect(response.json()).toEqual({ message: refusal });
      }
    }
  });

  it("is the same page in HTML whatever the reason", async () => {
    const { customer, resource } = await provisionedCustomer();
    const used = customer.ssoForm(resource.herokuUuid);
    await customer.postSso(used);
    const pages = new Set<string>();
    for (const form of [
      used,
      customer.ssoForm(provisionRequest().uuid),
      { timestamp: "1" },
      customer.ssoForm(resource.herokuUuid, { timestamp: minutesFromNow(7) }),
    ]) {
      const response = await customer.postSso(defined(form));
      expect(response.statusCode).toBe(403);
      pages.add(response.body);
    }
    expect(pages.size).toBe(1);
    expect([...pages][0]).toContain(refusal);
  });
});
