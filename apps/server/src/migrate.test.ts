import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { repositoryRoot } from "@addon-kit/testing/repository";
import { describe, expect, it } from "vitest";
import { temporaryDirectory } from "@addon-kit/testing/temporary-directory";

const migrateScript = fileURLToPath(new URL("./migrate.ts", import.meta.url));

describe("npm run migrate (migrate.ts)", () => {
  it("applies every migration to a new database, then finds nothing left to do", () => {
    const env = { PATH: process.env.PATH, DATA_DIR: temporaryDirectory("migrate") };
    const run = () => execFileSync(process.execPath, [migrateScript], { cwd: repositoryRoot, env, encoding: "utf8" });
    const first = run();
    expect(first).toMatch(/^Migrating embedded PGlite in .*\/pglite \.\.\.$/m);
    expect(first).toMatch(/applied Migration\d{14}/);
    expect(first).toMatch(/Done: \d+ migration\(s\) applied\./);
    expect(run()).toContain("Already up to date.");
    // Two processes, each starting PGlite and reading every migration: 31 s once on the shared CI machine.
  }, 120_000);
});
