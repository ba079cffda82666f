import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repositoryRoot } from "@addon-kit/testing/repository";
import { envSchema } from "./env-schema.ts";
import { loadConfig } from "./load-config.ts";

const appJson = JSON.parse(readFileSync(join(repositoryRoot, "app.json"), "utf8")) as {
  env: Record<string, { value?: string; generator?: string; required?: boolean }>;
  formation: Record<string, unknown>;
  addons: { plan: string }[];
};
const procfile = Object.fromEntries(
  readFileSync(join(repositoryRoot, "Procfile"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()]),
);
/** What Heroku's `"generator": "secret"` gives: 64 random hex digits. */
const generated = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("hex");

describe("deploying on Heroku", () => {
  it("runs migrations in the release phase, and web and worker without building anything, sized for a 512 MB dyno", () => {
    // Without limits V8 sizes its heap from the host's memory, not the dyno's: under the provision
    // benchmark's load the web process passed 300 MB, and stays near 180 MB with them.
    const sized = "--max-old-space-size=192 --max-semi-space-size=2";
    expect(procfile).toEqual({
      release: "node apps/server/src/migrate.ts",
      web: `node ${sized} apps/server/src/main.ts`,
      worker: `node ${sized} apps/server/src/worker.ts`,
    });
    for (const command of Object.values(procfile)) expect(existsSync(join(repositoryRoot, command.split(" ").at(-1) ?? ""))).toBe(true);
    expect(Object.keys(appJson.formation).sort()).toEqual(["web", "worker"]);
  });

  it("fills at build a compile cache from which the dynos' processes load all of their TypeScript", async () => {
    // What .profile.d gives a dyno, with a home of its own for the slug's cache.
    const home = mkdtempSync(join(tmpdir(), "addon-kit-dyno-"));
    const dynoEnv = Object.fromEntries(
      [...readFileSync(join(repositoryRoot, ".profile.d/node-compile-cache.sh"), "utf8").matchAll(/^export (\w+)="?([^"\n]*)"?$/gm)].map(([, name, value]) => [
        name,
        value?.replace("$HOME", home),
      ]),
    );
    const node = (args: string[], env: Record<string, string | undefined>) =>
      promisify(execFile)(process.execPath, args, { cwd: repositoryRoot, env: { PATH: process.env.PATH, ...env }, maxBuffer: 64 * 1024 * 1024 });
    try {
      expect(dynoEnv).toEqual({ NODE_COMPILE_CACHE: join(home, ".cache/node-compile"), NODE_COMPILE_CACHE_PORTABLE: "1" });
      await node(["apps/server/src/fill-compile-cache.ts"], dynoEnv);
      const { stderr } = await node(["--input-type=module", "-e", "await import('./apps/server/src/main.ts'); await import('./apps/server/src/worker.ts');"], {
        ...dynoEnv,
        NODE_DEBUG_NATIVE: "COMPILE_CACHE",
      });
      const typeScriptReads = stderr.split("\n").filter((line) => line.includes("reading cache") && line.includes("for StrippedTypeScript"));
      expect(typeScriptReads.length).toBeGreaterThan(100);
      expect(typeScriptReads.filter((line) => !line.includes("... success"))).toEqual([]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it("sets only variables the service reads, with Heroku Postgres behind DATABASE_URL", () => {
    const known = Object.keys(envSchema.shape);
    for (const name of Object.keys(appJson.env)) expect(known).toContain(name);
    expect(appJson.addons.map((addon) => addon.plan)).toContainEqual(expect.stringMatching(/^heroku-postgresql/));
  });

  it("starts in production from what the Heroku Button sets, generated secrets included", () => {
    const env: Record<string, string> = {
      DATABASE_URL: "postgres://u:p@ec2.example.com:5432/d1",
      DYNO: "web.1",
      PORT: "41234",
      HEROKU_OAUTH_CLIENT_SECRET: "from-the-partner-portal",
    };
    for (const [name, variable] of Object.entries(appJson.env)) {
      if (variable.value !== undefined) env[name] = variable.value;
      if (variable.generator === "secret") env[name] = generated();
    }
    const config = loadConfig(env, repositoryRoot);
    expect(config).toMatchObject({ environment: "production", port: 41234, trustProxyHops: 1, jobs: { inProcess: false } });
    expect(config.database).toMatchObject({ kind: "postgresql", ssl: "no-verify" });
    // Heroku Postgres essential plans take 20 connections: the web and the worker dyno stay inside them.
    const perProcess = (max: number) => max + Math.max(2, Math.ceil(max / 2)) + 2;
    expect(perProcess(config.database.kind === "postgresql" ? (config.database.poolMax ?? 10) : 0) * 2).toBeLessThanOrEqual(20);
    expect(config.encryptionKey).toHaveLength(32);
  });
});
