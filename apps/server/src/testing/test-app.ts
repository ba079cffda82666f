import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testDatabaseUrl } from "@addon-kit/testing/database";
import { repositoryRoot } from "@addon-kit/testing/repository";
import { type AppOverrides, buildApp } from "../app.ts";
import { type AppConfig, loadConfig } from "../config/load-config.ts";

/** Loads configuration the way `main.ts` does, from the repository's manifest and catalog. */
export function testConfig(env: Record<string, string | undefined> = {}): AppConfig & { dataDir: string } {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), "addon-kit-test-"));
  const config = loadConfig(
    {
      NODE_ENV: "test",
      LOG_LEVEL: "silent",
      DATA_DIR: dataDir,
      DATABASE_URL: testDatabaseUrl(),
      // Nothing listens on port 9: a test's background jobs never reach the real Heroku.
      HEROKU_API_URL: "http://127.0.0.1:9",
      HEROKU_ID_URL: "http://127.0.0.1:9",
      // Test files share one PostgreSQL database: a worker would take the others' jobs. (On
      // PGlite each service has a database of its own.) The Heroku harness turns it back on.
      ...(testDatabaseUrl() ? { JOBS_IN_PROCESS: "false" } : {}),
      ...env,
    },
    repositoryRoot,
  );
  return { ...config, dataDir };
}

/** The whole service on this project's database; close it to drop its data directory. */
export async function buildTestApp(env: Record<string, string | undefined> = {}, overrides: AppOverrides = {}) {
  const config = testConfig(env);
  const app = await buildApp(config, overrides);
  const close = async () => {
    await app.close();
    rmSync(config.dataDir, { recursive: true, force: true });
  };
  return { app, config, close };
}

/** `Authorization` for the Partner API as Heroku sends it. */
export function herokuAuthorization(config: AppConfig, password = config.manifest.api.password): string {
  return `Basic ${Buffer.from(`${config.manifest.id}:${password}`).toString("base64")}`;
}
