import { randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Resource } from "@addon-kit/domain";
import { artifactPath, launchChromium } from "@addon-kit/testing/browser";
import { freePort } from "@addon-kit/testing/database";
import { type ExampleProduct, newSigningSecret, startExampleProduct } from "../testing/example-product.ts";
import { type HerokuHarness, startHerokuHarness } from "../testing/heroku-harness.ts";

/**
 * The whole sign-in in a real browser: the fake Heroku's SSO page posts to addon-kit, which sends
 * the browser to the example product's login URL; the product (openid-client, a process of its
 * own, importing nothing of ours) runs a code flow against addon-kit's provider and shows who
 * signed in, into which tenant, and the page the add-on link pointed to.
 */
const clientSecret = randomBytes(32).toString("hex");
let heroku: HerokuHarness;
let product: ExampleProduct;
let browser: Browser;
beforeAll(async () => {
  const productPort = await freePort();
  const productUrl = `http://127.0.0.1:${productPort}`;
  heroku = await startHerokuHarness({
    OIDC_CLIENT_ID: "example-product",
    OIDC_CLIENT_SECRET: clientSecret,
    OIDC_REDIRECT_URIS: `${productUrl}/login/callback`,
    OIDC_LOGIN_URL: `${productUrl}/login`,
    // A real browser connects from 127.0.0.1, which other files on the shared database may be counting.
    SSO_RATE_LIMIT_PER_MINUTE: "100000",
  });
  product = await startExampleProduct({
    signingSecret: newSigningSecret(),
    port: productPort,
    oidc: { issuer: `${heroku.addonUrl}/oidc`, clientId: "example-product", clientSecret },
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await product?.close();
  await heroku?.close();
});

describe("signing a customer into the vendor's product from Heroku", { timeout: 60_000 }, () => {
  it("lands them in the product, signed in, on their tenant, at the page the add-on link named", async () => {
    const { uuid } = await heroku.driver.provision({ plan: "basic" });
    const resource = await heroku.app.orm.em.fork().findOneOrFail(Resource, { herokuUuid: uuid });
    const page = await browser.newPage();
    const crashes: string[] = [];
    page.on("pageerror", (error) => crashes.push(error.message));

    await page.goto(await heroku.driver.ssoUrl(uuid, { id: "user-42", email: "grace@example.com" }, { issue_no: "42" }));
    await page.locator("#user").waitFor();
    expect(new URL(page.url())).toMatchObject({ origin: product.url, pathname: "/", search: "?issue_no=42" });
    expect(await page.locator("#user").textContent()).toBe("Signed in as grace@example.com (verified by Heroku)");
    expect(await page.locator("#tenant").textContent()).toBe(`Tenant ${resource.name} on the basic plan`);
    expect(await page.locator("#deep-link").textContent()).toBe("Issue #42");
    await page.screenshot({ path: artifactPath("product-signed-in.png"), fullPage: true });

    // Each click in Heroku is a sign-in of its own: a second one signs in again.
    await page.goto(await heroku.driver.ssoUrl(uuid, { id: "user-42", email: "grace@example.com" }));
    await page.locator("#user").waitFor();
    expect(crashes).toEqual([]);
    await page.close();
  });

  it("shows the product's refusal, not a signed-in page, when the browser comes to the provider without a Heroku SSO", async () => {
    const page = await browser.newPage();
    await page.goto(`${product.url}/login?iss=${encodeURIComponent(`${heroku.addonUrl}/oidc`)}`);
    await page.getByRole("heading", { name: "Sign-in refused" }).waitFor();
    expect(await page.textContent("body")).toContain("access_denied: Open the add-on from your Heroku Dashboard to sign in.");
    await page.close();
  });
});
