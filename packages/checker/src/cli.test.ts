import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { freePort } from "@addon-kit/testing/database";
import { repositoryRoot } from "@addon-kit/testing/repository";
import { temporaryDirectory } from "@addon-kit/testing/temporary-directory";
import { startBrokenAddon } from "./testing/broken-addon.ts";

const cli = fileURLToPath(new URL("./cli.ts", import.meta.url));
const manifestPath = join(repositoryRoot, "addon-manifest.json");

function run(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [cli, ...args], { cwd: repositoryRoot, env: { PATH: process.env.PATH }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, output })));
}

/** The arguments that check the add-on at `url`. Background work waits up to the deadline: 1 s was too short on a loaded CI machine, and every skip waits all of it. */
const checkOf = async (url: string) => [
  "--url",
  url,
  "--plan",
  "basic",
  "--other-plan",
  "premium",
  "--heroku-port",
  String(await freePort()),
  "--deadline",
  "3",
];

describe("npm run check", { timeout: 60_000 }, () => {
  it("prints a line per check with what was sent and received for a failure, a summary, JUnit XML, and exits 1", async () => {
    const addon = await startBrokenAddon(JSON.parse(readFileSync(manifestPath, "utf8")), { replayMakesNewResource: true });
    const junit = join(temporaryDirectory("checker"), "results.xml");
    try {
      const { code, output } = await run([...(await checkOf(addon.url)), "--junit", junit]);
      expect(code).toBe(1);
      expect(output).toContain("PASS  manifest.valid");
      expect(output).toMatch(
        /FAIL {2}provision\.replay .*\n {6}the replay answered id \S+, the first \S+: Heroku delivers at least once, so that is a second resource\n {6}POST \/heroku\/resources \{"uuid"/,
      );
      expect(output).toContain("SKIP  async.provision  An asynchronous provision answers 202");
      expect(output).toMatch(/\n\d+ passed, 2 failed, 3 skipped\n$/);
      const xml = readFileSync(junit, "utf8");
      expect(xml).toMatch(/<testsuites name="addon-kit-check" tests="\d+" failures="2" skipped="3"/);
      expect(xml).toContain('<failure message="the replay answered id');
    } finally {
      await addon.close();
    }
  });

  it("exits 0 when nothing fails, and 2 with its usage when the command is not understood", async () => {
    const addon = await startBrokenAddon(JSON.parse(readFileSync(manifestPath, "utf8")));
    try {
      const { code, output } = await run(await checkOf(addon.url));
      expect(code, output).toBe(0);
    } finally {
      await addon.close();
    }
    const usage = await run(["--url", "http://127.0.0.1:9"]);
    expect(usage.code).toBe(2);
    expect(usage.output).toContain("--plan and --other-plan are required");
    expect(usage.output).toContain("Usage: addon-kit-check");
  });
});
