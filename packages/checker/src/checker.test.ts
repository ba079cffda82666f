import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freePort } from "@addon-kit/testing/database";
import { repositoryRoot } from "@addon-kit/testing/repository";
import { runChecks } from "./run-checks.ts";
import { type Flaws, startBrokenAddon } from "./testing/broken-addon.ts";

const manifest = JSON.parse(readFileSync(join(repositoryRoot, "addon-manifest.json"), "utf8")) as { id: string; api: { password: string; sso_salt: string } };

/** Runs every check against the small add-on with `flaws`; answers each check's status by id. */
async function checkAddon(flaws: Flaws, manifestFile: unknown = manifest) {
  const addon = await startBrokenAddon(manifest, flaws);
  try {
    const results = await runChecks({
      manifest: manifestFile,
      addonUrl: addon.url,
      herokuPort: await freePort(),
      clientSecret: "checker-test-secret",
      plans: { plan: "basic", otherPlan: "premium", asyncPlan: undefined },
      deadlineMs: 1_000,
    });
    return Object.fromEntries(results.map((result) => [result.id, result.outcome.status]));
  } finally {
    await addon.close();
  }
}

const failing = (statuses: Record<string, string>) => Object.keys(statuses).filter((id) => statuses[id] === "fail");

describe("the conformance checker", { timeout: 60_000 }, () => {
  it("passes an add-on that does what Heroku expects, and skips what it did not ask for, saying why", async () => {
    const statuses = await checkAddon({});
    expect(failing(statuses)).toEqual([]);
    expect(statuses).toMatchObject({
      "manifest.valid": "pass",
      "provision.replay": "pass",
      "sso.stale": "pass",
      "async.provision": "skip",
      "attachments.signed": "skip",
    });
  });

  it.each([
    ["makes a second resource on a replayed uuid", { replayMakesNewResource: true }, ["provision.concurrent", "provision.replay"]],
    ["skips the SSO freshness check", { skipsSsoFreshness: true }, ["sso.future", "sso.stale"]],
    ["answers 500 to a body it cannot parse", { answers500ToBadBodies: true }, ["provision.malformed"]],
  ] satisfies [string, Flaws, string[]][])("fails an add-on that %s, on exactly those checks", async (_flaw, flaws, expected) => {
    expect(failing(await checkAddon(flaws)).sort()).toEqual(expected);
  });

  it("fails a manifest Heroku would refuse, naming the rule, and checks no endpoint of it", async () => {
    const statuses = await checkAddon({}, { ...manifest, api: { ...manifest.api, version: "1" } });
    expect(statuses["manifest.valid"]).toBe("fail");
    expect(
      Object.entries(statuses)
        .filter(([id]) => id !== "manifest.valid")
        .every(([, status]) => status === "skip"),
    ).toBe(true);
  });
});
