import { randomBytes } from "node:crypto";
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProductSignIn, Resource } from "@addon-kit/domain";
import { signedSsoForm } from "@addon-kit/contracts";
import { CookieBrowser } from "../testing/cookie-browser.ts";
import { type HerokuHarness, startHerokuHarness } from "../testing/heroku-harness.ts";

/**
 * addon-kit as the OpenID Provider of the vendor's product, driven as the product would with a
 * certified client library (openid-client), and as a browser that follows the redirects.
 */
const product = "http://127.0.0.1:9";
const redirectUri = `${product}/login/callback`;
const clientSecret = randomBytes(32).toString("hex");
let heroku: HerokuHarness;
let issuer: string;
let relyingParty: client.Configuration;
beforeAll(async () => {
  heroku = await startHerokuHarness({
    OIDC_CLIENT_ID: "example-product",
    OIDC_CLIENT_SECRET: clientSecret,
    OIDC_REDIRECT_URIS: redirectUri,
    OIDC_LOGIN_URL: `${product}/login`,
  });
  issuer = `${heroku.addonUrl}/oidc`;
  relyingParty = await client.discovery(new URL(issuer), "example-product", undefined, client.ClientSecretBasic(clientSecret), {
    execute: [client.allowInsecureRequests],
  });
});
afterAll(() => heroku?.close());

async function provisioned() {
  const { uuid } = await heroku.driver.provision({ plan: "basic" });
  return heroku.app.orm.em.fork().findOneOrFail(Resource, { herokuUuid: uuid }, { populate: ["plan"] });
}

/** A customer's click on the add-on in Heroku: the SSO post, which sends the browser to the product's login URL. */
async function ssoFor(resource: Resource, options: { userScoped?: boolean; link?: Record<string, string> } = {}) {
  const browser = new CookieBrowser(heroku.addonUrl);
  const form = signedSsoForm({ resourceId: resource.herokuUuid, salt: heroku.config.manifest.api.sso_salt, userId: "user-7", email: "ada@example.com" });
  const fields: Record<string, string> = { ...options.link, ...form };
  if (options.userScoped === false) delete fields.user_scoped_resource_token;
  const response = await browser.request("/sso/login", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
  expect(response.status).toBe(302);
  return { browser, loginUrl: new URL(response.headers.get("location") ?? "") };
}

/** The product's side of a sign-in: an authorization request with PKCE, state and nonce, as openid-client makes it. */
async function authorizationRequest(extra: Record<string, string> = {}) {
  const verifier = client.randomPKCECodeVerifier();
  const checks = { pkceCodeVerifier: verifier, expectedState: client.randomState(), expectedNonce: client.randomNonce() };
  const url = client.buildAuthorizationUrl(relyingParty, {
    redirect_uri: redirectUri,
    scope: "openid email",
    state: checks.expectedState,
    nonce: checks.expectedNonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    ...extra,
  });
  return { url, checks };
}

/** Sends the browser to the provider; answers where it lands on the product's redirect URI. */
async function authorize(browser: CookieBrowser, url: URL) {
  const { location, response } = await browser.follow(url);
  if (!location) throw new Error(`the provider answered ${response.status}: ${await response.text()}`);
  return location;
}

async function signIn(resource: Resource, options: { userScoped?: boolean; link?: Record<string, string> } = {}) {
  const { browser, loginUrl } = await ssoFor(resource, options);
  const { url, checks } = await authorizationRequest({ login_hint: loginUrl.searchParams.get("login_hint") ?? "" });
  const callback = await authorize(browser, url);
  const tokens = await client.authorizationCodeGrant(relyingParty, callback, checks);
  return { tokens, callback, checks, browser, loginUrl };
}

describe("signing customers into the product", { timeout: 60_000 }, () => {
  it("sends a verified Heroku SSO to the product's login URL with the issuer, the resource and the deep link", async () => {
    const resource = await provisioned();
    const { loginUrl, browser } = await ssoFor(resource, { link: { issue_no: "42", "bad name": "x", long: "y".repeat(300) } });
    expect(loginUrl.origin + loginUrl.pathname).toBe(`${product}/login`);
    expect(Object.fromEntries(loginUrl.searchParams)).toEqual({ iss: issuer, login_hint: resource.id, target_link_uri: `${product}/?issue_no=42` });
    expect(browser.hasCookie("addon_kit_product_sign_in")).toBe(true);
  });

  it("issues an ID token that says who signed in, on which resource and plan, through the deep link, signed with a published key", async () => {
    const resource = await provisioned();
    const { tokens } = await signIn(resource, { link: { issue_no: "42" } });
    expect(tokens.claims()).toMatchObject({
      iss: issuer,
      aud: "example-product",
      sub: "heroku:user-7",
      heroku_user_id: "user-7",
      email: "ada@example.com",
      email_verified: true,
      resource: { id: resource.id, heroku_uuid: resource.herokuUuid, name: resource.name, plan: "basic", app: "my-app" },
      deep_link: { issue_no: "42" },
    });
    const userinfo = await client.fetchUserInfo(relyingParty, tokens.access_token, "heroku:user-7");
    expect(userinfo).toMatchObject({ email: "ada@example.com", resource: { id: resource.id } });
    const jwks = (await (await fetch(`${issuer}/jwks`)).json()) as { keys: { kid: string; d?: string }[] };
    expect(jwks.keys.map((key) => key.kid)).toContain("addon-kit-1");
    expect(jwks.keys.every((key) => key.d === undefined)).toBe(true);
  });

  it("vouches for the email only when Heroku's user-scoped token did; the subject is then scoped to the resource", async () => {
    const resource = await provisioned();
    const { tokens } = await signIn(resource, { userScoped: false });
    expect(tokens.claims()).toMatchObject({ sub: `heroku-unverified:${resource.id}:user-7`, email_verified: false });
  });

  it("records each sign-in into the product", async () => {
    const resource = await provisioned();
    await signIn(resource);
    const signIns = await heroku.app.orm.em.fork().find(ProductSignIn, { resource });
    expect(signIns).toEqual([expect.objectContaining({ email: "ada@example.com", userVerified: true, usedAt: expect.any(Date), grantId: expect.any(String) })]);
  });
});

describe("what the provider refuses", { timeout: 60_000 }, () => {
  /** Where an authorization lands: the error the product's redirect URI gets. */
  const refusal = (callback: URL) => ({ error: callback.searchParams.get("error"), error_description: callback.searchParams.get("error_description") });
  const noFreshSso = { error: "access_denied", error_description: "Open the add-on from your Heroku Dashboard to sign in." };

  it("gives no code without a fresh Heroku SSO behind it", async () => {
    const { url } = await authorizationRequest();
    expect(refusal(await authorize(new CookieBrowser(heroku.addonUrl), url))).toEqual(noFreshSso);
  });

  it("spends a Heroku SSO on one sign-in only", async () => {
    const { browser, loginUrl } = await ssoFor(await provisioned());
    const first = await authorizationRequest({ login_hint: loginUrl.searchParams.get("login_hint") ?? "" });
    expect((await authorize(browser, first.url)).searchParams.get("code")).toBeTruthy();
    const second = await authorizationRequest({ login_hint: loginUrl.searchParams.get("login_hint") ?? "" });
    expect(refusal(await authorize(browser, second.url))).toEqual(noFreshSso);
  });

  it("refuses an SSO older than five minutes", async () => {
    const resource = await provisioned();
    const { browser } = await ssoFor(resource);
    await heroku.app.orm.em.fork().nativeUpdate(ProductSignIn, { resource }, { expiresAt: new Date(Date.now() - 1000) });
    const { url } = await authorizationRequest();
    expect(refusal(await authorize(browser, url))).toEqual(noFreshSso);
  });

  it("never turns an SSO for one resource into a token for another", async () => {
    const [mine, theirs] = [await provisioned(), await provisioned()];
    const { browser } = await ssoFor(mine);
    const { url } = await authorizationRequest({ login_hint: theirs.id });
    expect(refusal(await authorize(browser, url))).toEqual(noFreshSso);
  });

  it("answers prompt=none with login_required: a sign-in always needs the SSO", async () => {
    const { browser } = await ssoFor(await provisioned());
    const { url } = await authorizationRequest({ prompt: "none" });
    expect(refusal(await authorize(browser, url)).error).toBe("login_required");
  });

  it("requires PKCE", async () => {
    const { browser } = await ssoFor(await provisioned());
    const { url } = await authorizationRequest();
    url.searchParams.delete("code_challenge");
    url.searchParams.delete("code_challenge_method");
    expect(refusal(await authorize(browser, url)).error).toBe("invalid_request");
  });

  it("matches redirect URIs exactly, and never redirects to one it does not know", async () => {
    const { browser } = await ssoFor(await provisioned());
    const { url } = await authorizationRequest();
    url.searchParams.set("redirect_uri", `${redirectUri}/../evil`);
    const { response, location } = await browser.follow(url);
    expect(location).toBeUndefined();
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_redirect_uri" });
  });

  it("redeems a code once, with its own PKCE verifier only, and revokes what the first redemption gave when it comes again", async () => {
    const { browser, loginUrl } = await ssoFor(await provisioned());
    const { url, checks } = await authorizationRequest({ login_hint: loginUrl.searchParams.get("login_hint") ?? "" });
    const callback = await authorize(browser, url);
    const code = callback.searchParams.get("code") ?? "";
    const redeem = (verifier: string) =>
      fetch(`${issuer}/token`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`example-product:${clientSecret}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri, code_verifier: verifier }),
      });
    const wrongVerifier = await redeem(client.randomPKCECodeVerifier());
    expect(wrongVerifier.status).toBe(400);
    expect(await wrongVerifier.json()).toMatchObject({ error: "invalid_grant" });

    const first = await redeem(checks.pkceCodeVerifier);
    expect(first.status).toBe(200);
    const { access_token } = (await first.json()) as { access_token: string };
    const again = await redeem(checks.pkceCodeVerifier);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: "invalid_grant" });
    expect((await fetch(`${issuer}/me`, { headers: { authorization: `Bearer ${access_token}` } })).status).toBe(401);
  });

  it("lets one of several redemptions of a code racing each other through, on any process", async () => {
    const { browser, loginUrl } = await ssoFor(await provisioned());
    const { url, checks } = await authorizationRequest({ login_hint: loginUrl.searchParams.get("login_hint") ?? "" });
    const code = (await authorize(browser, url)).searchParams.get("code") ?? "";
    const redeem = () =>
      fetch(`${issuer}/token`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`example-product:${clientSecret}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri, code_verifier: checks.pkceCodeVerifier }),
      }).then((response) => response.status);
    const statuses = await Promise.all(Array.from({ length: 6 }, redeem));
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 400)).toHaveLength(5);
  });

  it.each([
    ["an interaction without its cookie", "/interaction/forged", {}, 400],
    ["an unknown endpoint", "/nowhere", {}, 404],
    [
      "a body over the provider's limit",
      "/token",
      { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `a=${"x".repeat(100_000)}` },
      400,
    ],
    [
      "a NUL in a code",
      "/token",
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "grant_type=authorization_code&code=%00&client_id=example-product",
      },
      401,
    ],
    ["a JSON body", "/token", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }, 400],
    ["a NUL in a client id", "/auth?client_id=%00&response_type=code", {}, 400],
    ["a parameter given twice", "/auth?client_id=example-product&client_id=other", {}, 400],
    ["a forged access token", "/me", { headers: { authorization: "Bearer forged" } }, 401],
  ])("answers %s with an OAuth error in JSON", async (_case, path, init: RequestInit, status) => {
    const response = await fetch(`${issuer}${path}`, { ...init, redirect: "manual" });
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ error: expect.any(String), error_description: expect.any(String) });
  });

  it("refuses, as the product is told, a request whose parameters the database cannot hold", async () => {
    const { browser } = await ssoFor(await provisioned());
    const { url } = await authorizationRequest();
    url.searchParams.set("state", "bad\u0000state");
    expect(refusal(await authorize(browser, url)).error).toBe("invalid_request");
  });

  it("refuses a client that does not authenticate", async () => {
    const response = await fetch(`${issuer}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: "forged",
        redirect_uri: redirectUri,
        code_verifier: client.randomPKCECodeVerifier(),
        client_id: "example-product",
      }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: "invalid_client" });
  });
});
