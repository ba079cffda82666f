import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * A database of its own on the PostgreSQL server that `adminUrl` reaches, named `<prefix>_<random>`:
 * for a test run, a test that starts workers, or a benchmark. `drop` removes it, connections and all.
 * No vitest here, so benchmarks can use it too.
 */
export async function createScratchDatabase(adminUrl: string, prefix: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await runAsAdmin(adminUrl, `create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => runAsAdmin(adminUrl, `drop database if exists "${name}" with (force)`) };
}

async function runAsAdmin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
  } catch (error) {
    const { hostname, port } = new URL(adminUrl);
    throw new Error(`No PostgreSQL server answers at ${hostname}:${port || 5432} (set TEST_DATABASE_URL or BENCH_DATABASE_URL): ${(error as Error).message}`);
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
