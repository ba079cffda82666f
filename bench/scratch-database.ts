import { createScratchDatabase } from "@addon-kit/testing/scratch-database";

/** The PostgreSQL server benchmarks run against (`BENCH_DATABASE_URL`, default the local one). */
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** Runs `work` on a database created for this run and dropped afterwards, whatever happens. */
export async function withScratchDatabase<T>(work: (databaseUrl: string, name: string) => Promise<T>): Promise<T> {
  const database = await createScratchDatabase(adminUrl, "addon_kit_bench");
  try {
    return await work(database.url, database.name);
  } finally {
    await database.drop();
  }
}
