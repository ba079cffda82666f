import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";

declare module "vitest" {
  interface ProvidedContext {
    /** This run's directory for temporary files, removed when the run ends (temporary-root-global-setup.ts). */
    temporaryRoot: string;
  }
}

/** A new empty directory for a test (a data directory, a config file), removed with the run's. */
export function temporaryDirectory(purpose: string): string {
  return mkdtempSync(join(inject("temporaryRoot"), `${purpose}-`));
}
