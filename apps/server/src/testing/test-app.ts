import { rmSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll } from "vitest";
import { HerokuAuthorization, SecretBox, storeTokens } from "@addon-kit/domain";
import { testDatabaseUrl } from "@addon-kit/testing/database";
import { provisionRequest } from "@addon-kit/testing/factories";
import { repositoryRoot } from "@addon-kit/testing/repository";
import { type AppOverrides, buildApp } from "../app.ts";
import { type AppConfig, loadConfig } from "../config/load-config.ts";
import { temporaryDirectory } from "@addon-kit/testing/temporary-directory";

/** Loads configuration the way `main.ts` does, from the repository's manifest and catalog. */
export function testConfig(env: Record<string, string | undefined> = {}): AppConfig & { dataDir: string } {
  const dataDir = env.DATA_DIR ?? temporaryDirectory("test");
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
  const loaded = testConfig(env);
  // An app that lives for one file keeps PGlite in memory: writing a cluster to disk costs seconds
  // of each file's time. (Processes a test restarts keep theirs on disk, under DATA_DIR.)
  const config = loaded.database.kind === "pglite" ? { ...loaded, database: { kind: "pglite" as const, dataDir: undefined } } : loaded;
  const app = await buildApp(config, overrides);
  const close = async () => {
    await app.close();
    rmSync(config.dataDir, { recursive: true, force: true });
  };
  return { app, config, close };
}

type TestApp = Awaited<ReturnType<typeof buildTestApp>>;

/**
 * The whole service for the tests of one file: built before the first, closed (and its data
 * directory removed) after the last. Returned as getters rather than passed as a fixture,
 * because a file's own helpers (a signed request, a provision) read it as much as its tests do.
 */
export function useTestApp(env: Record<string, string | undefined> = {}, overrides: AppOverrides = {}): Pick<TestApp, "app" | "config"> {
  let built: TestApp | undefined;
  beforeAll(async () => {
    built = await buildTestApp(env, overrides);
  });
  afterAll(() => built?.close());
  const current = () => {
    if (!built) throw new Error("useTestApp: the app is built in beforeAll; read it inside a test or hook");
    return built;
  };
  return {
    get app() {
      return current().app;
    },
    get config() {
      return current().config;
    },
  };
}

/** `Authorization` for the Partner API as Heroku sends it. */
export function herokuAuthorization(config: AppConfig, password = config.manifest.api.password): string {
  return `Basic ${Buffer.from(`${config.manifest.id}:${password}`).toString("base64")}`;
}

/** Provisions through the Partner API as Heroku would; returns the request's uuid, our id and the name. */
export async function provisionThroughApi(app: FastifyInstance, config: AppConfig, overrides: Record<string, unknown> = {}) {
  const request = provisionRequest(overrides);
  const response = await app.inject({ method: "POST", url: "/heroku/resources", headers: { authorization: herokuAuthorization(config) }, payload: request });
  if (response.statusCode !== 200 && response.statusCode !== 202) throw new Error(`provision failed: ${response.body}`);
  return {
    herokuUuid: request.uuid,
    id: response.json().id as string,
    name: request.name,
    config: response.json().config as Record<string, string> | undefined,
  };
}

/**
 * What the exchange-grant job leaves once Heroku has answered: the resource's tokens, sealed. For
 * tests without a fake Heroku of operations that need a token (rotation pushes a new config).
 */
export async function storeHerokuTokens(app: FastifyInstance, config: AppConfig, resourceId: string): Promise<void> {
  const em = app.orm.em.fork();
  const authorization = await em.findOneOrFail(HerokuAuthorization, { resourceId });
  storeTokens(authorization, new SecretBox(config.encryptionKey), {
    access_token: "test-access-token",
    refresh_token: "test-refresh-token",
    expires_in: 28_800,
  });
  authorization.exchangedAt = new Date();
  authorization.sealedGrantCode = null;
  await em.flush();
}
