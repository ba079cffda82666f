import { schema } from "@addon-kit/domain";
import { connectDatabase, describeDatabase, migrateDatabase } from "@addon-kit/infrastructure";
import { ConfigError } from "./config/config-error.ts";
import { loadConfig } from "./config/load-config.ts";

/** `npm run migrate`: applies pending migrations and exits; the server also does this on start. */
async function migrate(): Promise<void> {
  const config = loadConfig(process.env);
  console.log(`Migrating ${describeDatabase(config.database)} ...`);
  const orm = await connectDatabase(config.database, schema);
  try {
    const applied = await migrateDatabase(orm, config.database);
    for (const name of applied) console.log(`  applied ${name}`);
    console.log(applied.length > 0 ? `Done: ${applied.length} migration(s) applied.` : "Already up to date.");
  } finally {
    await orm.close();
  }
}

migrate().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `Cannot migrate: ${error.message}` : error);
  process.exitCode = 1;
});
