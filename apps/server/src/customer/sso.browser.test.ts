import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactPath, launchChromium } from "@addon-kit/testing/browser";
import { testDatabaseUrl } from "@addon-kit/testing/database";
import { CustomerBrowser } from "../testing/customer-browser.ts";
import { useTestApp } from "../testing/test-app.ts";

// A real browser connects from 127.0.0.1, an address other test files on the shared database
// may be counting; the limit has its own tests.
const testApp = useTestApp({ SSO_RATE_LIMIT_PER_MINUTE: "100000" });
let addonUrl: string;
let browser: Browser;
/** Plays Heroku's page: serves the auto-submitting SSO form from another site than the add-on's. */
let herokuPage: Server;
let herokuUrl: string;
let nextForm = "";

beforeAll(async () => {
  addonUrl = await testApp.app.listen({ port: 0, host: "127.0.0.1" });
  herokuPage = createServer((_request, response) => response.writeHead(200, { "content-type": "text/html" }).end(nextForm));
  await new Promise<void>((resolve) => herokuPage.listen(0, "localhost", resolve));
  herokuUrl = `http://localhost:${(herokuPage.address() as AddressInfo).port}/`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  herokuPage?.close();
});

function autoSubmittingForm(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${value.replaceAll('"', "&quot;")}">`)
    .join("");
  return `<!doctype html><html><body onload="document.forms[0].submit()"><form method="post" action="${action}">${inputs}</form></body></html>`;
}

describe("SSO in a real browser", () => {
  it("lands a customer from Heroku's form post on their dashboard, and signs them out", async () => {
    const customer = new CustomerBrowser(testApp.app, testApp.config);
    const resource = await customer.provision({ plan: "basic", name: "acme-metrics" });
    nextForm = autoSubmittingForm(`${addonUrl}/sso/login`, customer.ssoForm(resource.herokuUuid));

    const page = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
    await page.goto(herokuUrl);
    await page.waitForURL(`${addonUrl}/dashboard/${resource.id}`);

    expect(await page.textContent("#resource-name")).toBe("acme-metrics");
    expect(await page.textContent("#resource-state")).toBe("provisioned");
    expect(await page.textContent("#plan")).toContain("$29.00 / month");
    expect(await page.textContent("#user-email")).toBe("ada@example.com");
    const masked = await page.locator(".config-value").allTextContents();
    expect(masked).toHaveLength(2);
    expect(masked.every((value) => value.startsWith("••••"))).toBe(true);
    await page.screenshot({ path: artifactPath(`sso-dashboard-${testDatabaseUrl() ? "postgresql" : "pglite"}.png`), fullPage: true });

    await page.click("#reveal");
    await page.waitForSelector("text=Config vars revealed on the dashboard");
    expect(await page.locator(".config-value").allTextContents()).toContainEqual(expect.stringMatching(/^sk_[\w-]{32}$/));

    await page.click("text=Sign out");
    await page.waitForSelector("text=You are signed out");
    await page.goto(`${addonUrl}/dashboard/${resource.id}`);
    expect(await page.textContent("h1")).toBe("Please sign in through Heroku");
  });

  it("shows the refusal page, not a dashboard, for a forged form", async () => {
    const customer = new CustomerBrowser(testApp.app, testApp.config);
    const resource = await customer.provision();
    nextForm = autoSubmittingForm(`${addonUrl}/sso/login`, customer.ssoForm(resource.herokuUuid, { email: "mallory@example.com" }));
    const page = await browser.newPage();
    const refused = page.waitForResponse(`${addonUrl}/sso/login`);
    await page.goto(herokuUrl);
    expect((await refused).status()).toBe(403);
    await page.waitForSelector("text=This sign-in link cannot be used");
  });
});
