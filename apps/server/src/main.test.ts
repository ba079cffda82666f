import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { testDatabaseUrl } from "@addon-kit/testing/database";
import { repositoryRoot } from "@addon-kit/testing/repository";
import { describe, expect, it } from "vitest";

const mainScript = fileURLToPath(new URL("./main.ts", import.meta.url));

function start(env: Record<string, string | undefined>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [mainScript], {
    cwd: repositoryRoot,
    env: { PATH: process.env.PATH, DATA_DIR: mkdtempSync(join(tmpdir(), "addon-kit-main-")), PORT: "0", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function listeningUrl(output: () => string, exited: Promise<unknown>): Promise<string> {
  let stopped = false;
  void exited.then(() => (stopped = true));
  while (!stopped) {
    const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output());
    if (match?.[1]) return match[1];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server exited before listening:\n${output()}`);
}

describe("npm start (main.ts)", () => {
  it("serves until SIGTERM, then closes gracefully and exits 0", async () => {
    const server = start({ DATABASE_URL: testDatabaseUrl() });
    const url = await listeningUrl(server.output, server.exited);
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
