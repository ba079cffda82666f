import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildFakeHeroku, type FakeHerokuState, HerokuDriver } from "@addon-kit/heroku/fake";
import { createIsolatedDatabase, freePort, testDatabaseUrl } from "@addon-kit/testing/database";
import { type ServiceProcess, runScript, waitForOutput } from "../testing/service-process.ts";
import { testConfig } from "../testing/test-app.ts";
import { temporaryDirectory } from "@addon-kit/testing/temporary-directory";

const mainScript = fileURLToPath(new URL("../main.ts", import.meta.url));
const clientSecret = "fake-heroku-crash-test-secret";

// Several processes on one database are the PostgreSQL setup; PGlite belongs to one process.
describe.skipIf(!testDatabaseUrl())("a server killed with SIGKILL mid-job, during a Heroku outage", () => {
  let fake: Awaited<ReturnType<typeof buildFakeHeroku>>;
  let database: Awaited<ReturnType<typeof createIsolatedDatabase>>;
  let dataDir: string;
  let server: ServiceProcess | undefined;
  let port: number;
  let driver: HerokuDriver;

  const start = async () => {
    server = runScript(mainScript, [], {
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      HEROKU_API_URL: fakeUrl(),
      HEROKU_ID_URL: fakeUrl(),
      HEROKU_OAUTH_CLIENT_SECRET: clientSecret,
      JOBS_POLL_SECONDS: "0.5",
      LOG_LEVEL: "info",
    });
    await waitForOutput(server, /Server listening at/);
  };
  const kill = async () => {
    server?.child.kill("SIGKILL");
    await server?.exited;
  };
  const fakeUrl = () => `http://127.0.0.1:${(fake.app.server.address() as { port: number }).port}`;
  const state = (): FakeHerokuState => fake.state;

  beforeAll(async () => {
    fake = await buildFakeHeroku({ clientSecret });
    await fake.app.listen({ port: 0, host: "127.0.0.1" });
    database = await createIsolatedDatabase();
    dataDir = temporaryDirectory("crash");
    port = await freePort();
    await start();
    driver = new HerokuDriver({ addonUrl: `http://127.0.0.1:${port}`, fakeUrl: fakeUrl(), manifest: testConfig().manifest });
  });
  afterAll(async () => {
    await kill();
    await fake.app.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("finishes every asynchronous provision, each reaching actions/provision once, soon after the last restart", { timeout: 180_000 }, async () => {
    await driver.outage({ seconds: 9, status: 503 });
    const provisions = await Promise.all(Array.from({ length: 8 }, () => driver.provision({ plan: "premium" })));
    expect(provisions.map((provision) => provision.status)).toEqual(Array(8).fill(202));

    // Killed while jobs are running (each attempt spends seconds in the client's own retries), twice.
    for (let kills = 0; kills < 2; kills++) {
      await vi.waitFor(() => expect(state().calls.filter((call) => call.status === 503).length).toBeGreaterThan(kills * 6 + 3), {
        timeout: 20_000,
        interval: 100,
      });
      await kill();
      await start();
    }

    // Within two minutes of the last restart, where the 15-minute expiry would leave them stuck.
    await vi.waitFor(
      async () => {
        for (const { uuid } of provisions) expect((await driver.addon(uuid)).state).toBe("provisioned");
      },
      { timeout: 120_000, interval: 500 },
    );
    for (const { uuid } of provisions) {
      const steps = state().callLog(uuid);
      expect(steps.filter((step) => step === `POST /addons/${uuid}/actions/provision`)).toHaveLength(1);
      expect(steps.filter((step) => step === "POST /oauth/token")).toHaveLength(1);
      expect(steps.indexOf(`PATCH /addons/${uuid}/config`)).toBeLessThan(steps.indexOf(`POST /addons/${uuid}/actions/provision`));
    }
  });
});
