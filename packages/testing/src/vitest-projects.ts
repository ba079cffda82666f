import { fileURLToPath } from "node:url";
import type { TestProjectInlineConfiguration } from "vitest/config";

/**
 * Every workspace that touches a database runs its whole suite twice: on embedded PGlite and
 * on a real PostgreSQL server (a fresh database per run, see postgres-global-setup.ts).
 */
export function databaseProjects(): TestProjectInlineConfiguration[] {
  // Each test file starts a whole service: creating a PGlite cluster costs seconds of CPU,
  // more when both projects' files share two cores.
  const timeouts = { testTimeout: 30_000, hookTimeout: 60_000 };
  const temporaryRoot = fileURLToPath(new URL("./temporary-root-global-setup.ts", import.meta.url));
  return [
    { extends: true, test: { name: "pglite", ...timeouts, globalSetup: [temporaryRoot] } },
    {
      extends: true,
      test: {
        name: "postgresql",
        ...timeouts,
        globalSetup: [temporaryRoot, fileURLToPath(new URL("./postgres-global-setup.ts", import.meta.url))],
      },
    },
  ];
}
