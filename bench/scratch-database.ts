import { randomBytes } from "node:crypto";
import pg from "pg";

/** The PostgreSQL server benchmarks run against (`BENCH_DATABASE_URL`, default the local one). */
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Runs `work` on a database created for this run and dropped afterwards, whatever happens. */
export async function withScratchDatabase<T>(work: (databaseUrl: string, name: string) => Promise<T>): Promise<T> {
  const name = `addon_kit_bench_${randomBytes(4).toString("hex")}`;
  await admin(`create database "${name}"`);
  try {
    return await work(Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString(), name);
  } finally {
    await admin(`drop database if exists "${name}" with (force)`);
  }
}
