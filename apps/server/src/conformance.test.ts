import { rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runChecks } from "@addon-kit/checker";
import { createIsolatedDatabase, freePort } from "@addon-kit/testing/database";
import { buildApp } from "./app.ts";
import { testConfig } from "./testing/test-app.ts";

/**
 * addon-kit against its own conformance checker (packages/checker), as a vendor runs it: the
 * service on a real port, its Heroku URLs pointed at the checker's Heroku, every check enabled.
 */
describe("addon-kit against the conformance checker", () => {
  it("passes every check, asynchronous provisions and attachment webhooks included", { timeout: 180_000 }, async () => {
    const [port, herokuPort] = [await freePort(), await freePort()];
    const database = await createIsolatedDatabase();
    const clientSecret = "conformance-client-secret";
    const addonUrl = `http://127.0.0.1:${port}`;
    const config = testConfig({
      PORT: String(port),
      PUBLIC_URL: addonUrl,
      DATABASE_URL: database.url,
      HEROKU_API_URL: `http://localhost:${herokuPort}`,
      HEROKU_ID_URL: `http://localhost:${herokuPort}`,
      HEROKU_OAUTH_CLIENT_SECRET: clientSecret,
      JOBS_IN_PROCESS: "true",
      JOBS_POLL_SECONDS: "0.5",
      // Every SSO check comes from this machine's one address.
      SSO_RATE_LIMIT_PER_MINUTE: "100000",
    });
    const app = await buildApp(config);
    try {
      await app.listen({ port, host: "127.0.0.1" });
      const results = await runChecks({
        manifest: config.manifest,
        addonUrl,
        herokuPort,
        clientSecret,
        plans: { plan: "basic", otherPlan: "test", asyncPlan: "premium" },
        deadlineMs: 30_000,
      });
      expect(results.filter((result) => result.outcome.status !== "pass")).toEqual([]);
      expect(results.map((result) => result.id)).toEqual(
        expect.arrayContaining(["manifest.valid", "async.provision", "attachments.signed", "attachments.forged", "sso.cookie"]),
      );
    } finally {
      await app.close();
      await database.drop();
      rmSync(config.dataDir, { recursive: true, force: true });
    }
  });
});
