import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

import type {} from "./temporary-directory.ts";

/**
 * One directory per test run that every temporary directory of the run lives in (data
 * directories of test apps and of the processes tests start), removed when the run ends, so
 * a run leaves nothing behind whatever its tests forget or a killed process leaves.
 */
export default function setup(project: TestProject) {
  removeRootsOfKilledRuns();
  const root = mkdtempSync(join(tmpdir(), `addon-kit-test-run-${project.name}-`));
  project.provide("temporaryRoot", root);
  return () => rmSync(root, { recursive: true, force: true });
}

/** A run killed before its teardown leaves its root; one a day old belongs to no run still going. */
function removeRootsOfKilledRuns(): void {
  const dayAgo = Date.now() - 86_400_000;
  for (const name of readdirSync(tmpdir())) {
    const path = join(tmpdir(), name);
    // Another workspace's setup may be sweeping at the same moment: a root already gone is fine.
    const modified = name.startsWith("addon-kit-test-run-") ? statSync(path, { throwIfNoEntry: false })?.mtimeMs : undefined;
    if (modified !== undefined && modified < dayAgo) rmSync(path, { recursive: true, force: true });
  }
}
