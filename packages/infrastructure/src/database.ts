import { MikroORM, type Options } from "@mikro-orm/core";
import { Migrator } from "@mikro-orm/migrations";
import { type DatabaseTarget, pgSslOptions } from "./database-target.ts";
import { withMigrationLock } from "./migration-lock.ts";

/** What lives in the database: the domain's entities and the migrations that build their tables. */
export interface DatabaseSchema {
  entities: NonNullable<Options["entities"]>;
  migrations: NonNullable<NonNullable<Options["migrations"]>["migrationsList"]>;
}

/**
 * ORM options for either database; both run the same entities and the same migrations. Only the
 * driver in use is loaded: the other costs a process about 6 MB of memory for nothing.
 */
export async function databaseOptions(target: DatabaseTarget, schema: DatabaseSchema): Promise<Partial<Options>> {
  const shared = {
    entities: schema.entities,
    extensions: [Migrator],
    // Migrations are imported, not discovered on disk, so they run the same from source or a bundle.
    migrations: { migrationsList: schema.migrations, snapshotOnMigrate: false, silent: true },
    forceUtcTimezone: true,
    // Explicit, so MIKRO_ORM_DEBUG cannot turn on query logging, which prints statements with their values.
    debug: false,
  } satisfies Partial<Options>;
  if (target.kind === "postgresql") {
    const { PostgreSqlDriver } = await import("@mikro-orm/postgresql");
    return {
      ...shared,
      driver: PostgreSqlDriver,
      clientUrl: target.url,
      pool: { max: target.poolMax ?? 10 },
      driverOptions: { ssl: pgSslOptions(target.ssl) },
    };
  }
  const [{ PgliteDriver }, { PGlite }] = await Promise.all([import("@mikro-orm/pglite"), import("@electric-sql/pglite")]);
  // PostgreSQL's default 128 MB of shared buffers live in PGlite's WebAssembly memory, which never
  // shrinks: an embedded database of a few thousand rows does not need them. Measured by the
  // provision benchmark: idle RSS falls from about 390 MB to 290 MB, throughput unchanged.
  const startParams = [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"];
  return { ...shared, driver: PgliteDriver, dbName: target.dataDir ?? "memory://", driverOptions: { startParams } };
}

/** Applies pending migrations, one process at a time; returns the names applied. */
export async function migrateDatabase(orm: MikroORM, target: DatabaseTarget): Promise<string[]> {
  const applied = await withMigrationLock(target, () => orm.migrator.up());
  return applied.map((migration) => migration.name);
}

/** Connects without touching the schema. */
export async function connectDatabase(target: DatabaseTarget, schema: DatabaseSchema): Promise<MikroORM> {
  return MikroORM.init(await databaseOptions(target, schema));
}

/** Connects and brings the schema up to date. */
export async function openDatabase(target: DatabaseTarget, schema: DatabaseSchema): Promise<MikroORM> {
  const orm = await connectDatabase(target, schema);
  try {
    await migrateDatabase(orm, target);
  } catch (error) {
    await orm.close(true);
    throw error;
  }
  return orm;
}
