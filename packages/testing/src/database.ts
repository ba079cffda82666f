import { randomBytes } from "node:crypto";
import { type AddressInfo, createServer } from "node:net";
import pg from "pg";
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

/**
 * A database of its own on the test server, for tests whose background workers must not
 * pick up other test files' jobs. Undefined on PGlite, where every service has its own.
 */
export async function createIsolatedDatabase(): Promise<{ url: string | undefined; drop: () => Promise<void> }> {
  const shared = testDatabaseUrl();
  if (!shared) return { url: undefined, drop: async () => {} };
  const admin = new URL(shared);
  admin.pathname = "/postgres";
  const name = `addon_kit_test_${randomBytes(6).toString("hex")}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`create database "${name}"`);
  const url = new URL(shared);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists "${name}" with (force)`) };
}

/** A TCP port nothing listens on right now, for a service that must know its own URL before it listens. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
