import { mkdtempSync, rmSync } from "node:fs";
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
  const root = mkdtempSync(join(tmpdir(), `addon-kit-test-run-${project.name}-`));
  project.provide("temporaryRoot", root);
  return () => rmSync(root, { recursive: true, force: true });
}
