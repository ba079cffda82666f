import { inject } from "vitest";
import { createScratchDatabase } from "./scratch-database.ts";

declare module "vitest" {
  interface ProvidedContext {
    /** Set in the `postgresql` project: a database created for this run alone. */
    databaseUrl: string | undefined;
  }
}

/** The database of the running vitest project: PostgreSQL's URL, or undefined on PGlite. */
export function testDatabaseUrl(): string | undefined {
  return inject("databaseUrl");
}

/**
 * A database of its own on the test server, for tests whose background workers must not
 * pick up other test files' jobs. Undefined on PGlite, where every service has its own.
 */
export async function createIsolatedDatabase(): Promise<{ url: string | undefined; drop: () => Promise<void> }> {
  const shared = testDatabaseUrl();
  if (!shared) return { url: undefined, drop: async () => {} };
  const admin = new URL(shared);
  admin.pathname = "/postgres";
  return createScratchDatabase(admin.toString(), "addon_kit_test");
}

export { freePort } from "./free-port.ts";
