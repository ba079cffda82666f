import { fileURLToPath } from "node:url";
import { testDatabaseUrl } from "@addon-kit/testing/database";
import { describe, expect, it } from "vitest";
import { runScript, waitForOutput } from "./testing/service-process.ts";
import { temporaryDirectory } from "@addon-kit/testing/temporary-directory";

const mainScript = fileURLToPath(new URL("./main.ts", import.meta.url));

const start = (env: Record<string, string | undefined>) =>
  runScript(mainScript, [], {
    DATA_DIR: temporaryDirectory("main"),
    PORT: "0",
    HOST: "127.0.0.1",
    // Nothing listens on port 9: no job ever reaches the real Heroku.
    HEROKU_API_URL: "http://127.0.0.1:9",
    HEROKU_ID_URL: "http://127.0.0.1:9",
    ...env,
  });

describe("npm start (main.ts)", () => {
  it("serves until SIGTERM, then closes gracefully and exits 0", async () => {
    const databaseUrl = testDatabaseUrl();
    // On the shared PostgreSQL test database, a worker would take other test files' jobs.
    const server = start({ DATABASE_URL: databaseUrl, ...(databaseUrl ? { JOBS_IN_PROCESS: "false" } : {}) });
    const url = await waitForOutput(server, /Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain("shutting down");
  });

  it("refuses to start with a message naming the problem, without a stack trace", async () => {
    const server = start({ NODE_ENV: "production" });
    expect(await server.exited).toBe(1);
    expect(server.output().trim()).toBe("addon-kit cannot start: SESSION_SECRET is required when NODE_ENV=production");
  });
});
