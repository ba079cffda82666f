import { describe, expect, it } from "vitest";
import { jobNames } from "@addon-kit/domain";
import { testDatabaseUrl } from "@addon-kit/testing/database";
import { clientAddress } from "@addon-kit/testing/factories";
import { CustomerBrowser } from "../testing/customer-browser.ts";
import { buildTestApp, useTestApp } from "../testing/test-app.ts";

const token = "a-metrics-token-for-tests";
const testApp = useTestApp({ METRICS_TOKEN: token, SSO_RATE_LIMIT_PER_MINUTE: "1000" });

/** The value of the series `name` whose labels include `labels`, whatever their order; undefined if none. */
function sample(metrics: string, name: string, labels: Record<string, string>): number | undefined {
  const line = metrics
    .split("\n")
    .find((candidate) => candidate.startsWith(`${name}{`) && Object.entries(labels).every(([key, value]) => candidate.includes(`${key}="${value}"`)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
}

const scrape = () => testApp.app.inject({ method: "GET", url: "/metrics", headers: { authorization: `Bearer ${token}` } });

describe("/metrics", () => {
  it("refuses a scrape without the token, or with another, with 401", async () => {
    for (const authorization of [undefined, "Bearer wrong", `Basic ${token}`, token]) {
      const response = await testApp.app.inject({ method: "GET", url: "/metrics", headers: authorization ? { authorization } : {} });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ message: "Metrics need the bearer token set in METRICS_TOKEN." });
    }
  });

  it("counts requests by route and status, and SSO sign-ins by outcome", async () => {
    const customer = new CustomerBrowser(testApp.app, testApp.config);
    const resource = await customer.provision();
    const form = customer.ssoForm(resource.herokuUuid);
    await customer.postSso(form);
    await testApp.app.inject({ method: "POST", url: "/sso/login", payload: { timestamp: "1" }, remoteAddress: clientAddress() });
    const metrics = (await scrape()).body;
    expect(sample(metrics, "addon_kit_http_request_duration_seconds_count", { method: "POST", route: "/heroku/resources", status: "200" })).toBe(1);
    expect(sample(metrics, "addon_kit_http_request_duration_seconds_count", { method: "POST", route: "/sso/login", status: "403" })).toBe(1);
    expect(sample(metrics, "addon_kit_sso_sign_ins_total", { outcome: "signed_in" })).toBe(1);
    expect(sample(metrics, "addon_kit_sso_sign_ins_total", { outcome: "refused" })).toBe(1);
    expect(metrics).toContain("process_resident_memory_bytes");
  });

  it("reports each queue's waiting jobs and the age of the oldest, from the database", async () => {
    // A provision with an OAuth grant queues its exchange; no worker runs in this test on PostgreSQL.
    await new CustomerBrowser(testApp.app, testApp.config).provision();
    const metrics = (await scrape()).body;
    for (const queue of jobNames) {
      for (const name of [
        "addon_kit_jobs_waiting",
        "addon_kit_jobs_active",
        "addon_kit_jobs_failed",
        "addon_kit_jobs_failed_attempts",
        "addon_kit_jobs_oldest_waiting_seconds",
      ]) {
        expect(sample(metrics, name, { queue }), `${name} ${queue}`).toBeGreaterThanOrEqual(0);
      }
    }
    // On PostgreSQL no worker runs in this test, so the exchange waits and ages.
    if (testDatabaseUrl()) expect(sample(metrics, "addon_kit_jobs_oldest_waiting_seconds", { queue: "exchange-grant" })).toBeGreaterThan(0);
  });

  it("still answers, with the process's own figures, while the database is down", async () => {
    const other = await buildTestApp({ METRICS_TOKEN: token });
    try {
      await other.app.jobs.stop();
      await other.app.orm.close(true);
      const response = await other.app.inject({ method: "GET", url: "/metrics", headers: { authorization: `Bearer ${token}` } });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain("process_resident_memory_bytes");
      expect(response.body).not.toMatch(/^addon_kit_jobs_waiting\{/m);
    } finally {
      await other.close();
    }
  });

  it("is not served at all without METRICS_TOKEN", async () => {
    const plain = await buildTestApp();
    try {
      expect((await plain.app.inject({ method: "GET", url: "/metrics" })).statusCode).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
