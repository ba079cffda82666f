import { rmSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { buildFakeHeroku, HerokuDriver, type FakeHerokuState } from "@addon-kit/heroku/fake";
import { createIsolatedDatabase, freePort } from "@addon-kit/testing/database";
import { type AppOverrides, buildApp } from "../app.ts";
import type { AppConfig } from "../config/load-config.ts";
import { testConfig } from "./test-app.ts";

const clientSecret = "fake-heroku-test-client-secret";

/**
 * The service listening on a real port, its jobs worked in process, talking to a fake Heroku
 * that also listens on a real port, in a database of its own. `restart` stops the service and
 * starts it again on the same database, as a deploy or a crash would.
 */
export async function startHerokuHarness(env: Record<string, string> = {}, overrides: AppOverrides = {}) {
  const fake = await buildFakeHeroku({ clientSecret });
  await fake.app.listen({ port: 0, host: "127.0.0.1" });
  const fakeUrl = `http://127.0.0.1:${(fake.app.server.address() as { port: number }).port}`;
  const database = await createIsolatedDatabase();
  const port = await freePort();
  const config = testConfig({
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: database.url,
    HEROKU_API_URL: fakeUrl,
    HEROKU_ID_URL: fakeUrl,
    HEROKU_OAUTH_CLIENT_SECRET: clientSecret,
    JOBS_IN_PROCESS: "true",
    JOBS_POLL_SECONDS: "0.5",
    ...env,
  });
  const start = async () => {
    const app = await buildApp(config, overrides);
    await app.listen({ port, host: "127.0.0.1" });
    return app;
  };
  let app: FastifyInstance | undefined = await start();
  const addonUrl = `http://127.0.0.1:${port}`;

  return {
    config: config as AppConfig,
    fake: fake.state as FakeHerokuState,
    fakeUrl,
    addonUrl,
    driver: new HerokuDriver({ addonUrl, fakeUrl, manifest: config.manifest }),
    get app(): FastifyInstance {
      if (!app) throw new Error("the service is stopped");
      return app;
    },
    async stop() {
      await app?.close();
      app = undefined;
    },
    async restart() {
      await app?.close();
      app = await start();
    },
    async close() {
      await app?.close();
      await fake.app.close();
      await database.drop();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

export type HerokuHarness = Awaited<ReturnType<typeof startHerokuHarness>>;
