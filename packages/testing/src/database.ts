import { inject } from "vitest";

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
