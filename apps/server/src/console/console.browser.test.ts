import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LifecycleEvent, Resource, createStaffMember } from "@addon-kit/domain";
import { artifactPath, launchChromium } from "@addon-kit/testing/browser";
import { provisionThroughApi, storeHerokuTokens, useTestApp } from "../testing/test-app.ts";

// A real browser connects from 127.0.0.1, an address other test files on the shared database
// may be counting; the limit has its own tests.
const testApp = useTestApp({ STAFF_SIGN_IN_RATE_LIMIT_PER_MINUTE: "100000" });
let url: string;
let browser: Browser;
beforeAll(async () => {
  url = await testApp.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${url}/console/`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator("#signed-in-as").getByText(email).waitFor();
}

describe("the console in a real browser", () => {
  it("signs an operator in, finds a resource, rotates its credentials and shows the audit entry", async () => {
    const email = `operator-${crypto.randomUUID().slice(0, 8)}@staff.example`;
    await createStaffMember(testApp.app.orm.em, { email, name: "Olive Operator", role: "operator", password: "a-long-operator-password" }, "test");
    const resource = await provisionThroughApi(testApp.app, testApp.config, { plan: "basic", name: `browser-${crypto.randomUUID().slice(0, 8)}` });
    await storeHerokuTokens(testApp.app, testApp.config, resource.id);

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const crashes: string[] = [];
    page.on("pageerror", (error) => crashes.push(error.message));

    await signIn(page, email, "a-long-operator-password");
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    await page.screenshot({ path: artifactPath("console-overview.png"), fullPage: true });

    await page.getByRole("link", { name: "Resources" }).click();
    await page.getByRole("searchbox").fill(resource.name);
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: resource.name }).click();
    await page.getByRole("heading", { name: resource.name }).waitFor();
    expect(await page.locator("#resource-state").textContent()).toBe("provisioned");

    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Rotate credentials" }).click();
    await page.getByText("Rotated EXAMPLE_METRICS_API_KEY").waitFor();
    await page.getByText("Credentials rotated (EXAMPLE_METRICS_API_KEY)").waitFor();
    await page.screenshot({ path: artifactPath("console-resource-rotated.png"), fullPage: true });

    await page.getByRole("link", { name: "Audit log" }).click();
    const entry = page.locator("#audit tr", { hasText: "resource.rotate_credentials" }).first();
    await entry.waitFor();
    expect(await entry.textContent()).toContain(email);
    expect(await entry.textContent()).toContain(`resource:${resource.id}`);
    await page.screenshot({ path: artifactPath("console-audit.png"), fullPage: true });

    await page.setViewportSize({ width: 375, height: 740 });
    await page.getByRole("link", { name: "Resources" }).click();
    await page.getByRole("link", { name: resource.name }).waitFor();
    expect(await page.evaluate<number>("document.documentElement.scrollWidth - document.documentElement.clientWidth")).toBeLessThanOrEqual(0);
    await page.screenshot({ path: artifactPath("console-resources-phone.png"), fullPage: true });

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    expect(crashes).toEqual([]);
    await page.close();
  });

  it("shows an operator how each event reached the product, and delivers a failed one again", async () => {
    const email = `operator-${crypto.randomUUID().slice(0, 8)}@staff.example`;
    await createStaffMember(testApp.app.orm.em, { email, name: "Otto Operator", role: "operator", password: "a-long-operator-password" }, "test");
    const { id } = await provisionThroughApi(testApp.app, testApp.config, { plan: "basic", name: `events-${crypto.randomUUID().slice(0, 8)}` });
    const em = testApp.app.orm.em.fork();
    const resource = await em.findOneOrFail(Resource, { id }, { populate: ["plan"] });
    const payload = {
      type: "resource.provisioned" as const,
      timestamp: new Date().toISOString(),
      data: {
        resource: { id, heroku_uuid: resource.herokuUuid, name: resource.name, plan: "basic", region: resource.region, state: resource.state, options: {} },
      },
    };
    em.create(LifecycleEvent, {
      resource,
      type: payload.type,
      payload,
      status: "failed",
      attempts: 3,
      lastStatus: 500,
      lastResponseMs: 42,
      lastError: "gave up: answered 500",
    });
    await em.flush();

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, email, "a-long-operator-password");
    await page.goto(`${url}/console/deliveries?resource=${id}`);
    const row = page.locator("#deliveries tr", { hasText: "resource.provisioned" });
    await row.waitFor();
    expect(await row.textContent()).toContain("500 in 42 ms");
    expect(await row.textContent()).toContain("gave up: answered 500");
    await page.screenshot({ path: artifactPath("console-deliveries.png"), fullPage: true });

    await row.getByRole("button", { name: "Redeliver" }).click();
    await row.getByText("pending").waitFor();
    expect(await row.getByRole("button", { name: "Redeliver" }).count()).toBe(0);
    await page.close();
  });

  it("fits a phone's width, and refuses a wrong password with a message", async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
    await page.goto(`${url}/console/resources`);
    await page.getByLabel("Email").fill("nobody@staff.example");
    await page.getByLabel("Password").fill("wrong");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").getByText("Wrong email or password").waitFor();
    const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: artifactPath("console-sign-in-phone.png") });
    await page.close();
  });
});
