import { MikroORM, type Options } from "@mikro-orm/core";
import { Migrator } from "@mikro-orm/migrations";
import { PgliteDriver } from "@mikro-orm/pglite";
import { PostgreSqlDriver } from "@mikro-orm/postgresql";
import { type DatabaseTarget, pgSslOptions } from "./database-target.ts";
import { withMigrationLock } from "./migration-lock.ts";
import { migrations } from "./migrations.ts";
import { Plan } from "./plans/plan.entity.ts";
import { RateLimitCounter } from "./rate-limits/rate-limit-counter.entity.ts";
import { ApiKey } from "./provisioners/api-key-tenant/api-key.entity.ts";
import { Attachment } from "./resources/attachment.entity.ts";
import { ResourceEvent } from "./resources/resource-event.entity.ts";
import { Resource } from "./resources/resource.entity.ts";
import { HerokuAuthorization } from "./heroku/heroku-authorization.entity.ts";
import { WebhookEvent } from "./heroku/webhook-event.entity.ts";
import { CustomerSession } from "./sso/customer-session.entity.ts";
import { SsoTokenUse } from "./sso/sso-token-use.entity.ts";
import { AuditEntry } from "./staff/audit-entry.entity.ts";
import { StaffMember } from "./staff/staff-member.entity.ts";
import { StaffSession } from "./staff/staff-session.entity.ts";

export const entities = [
  Plan,
  Resource,
  Attachment,
  ResourceEvent,
  ApiKey,
  CustomerSession,
  SsoTokenUse,
  HerokuAuthorization,
  WebhookEvent,
  StaffMember,
  StaffSession,
  AuditEntry,
  RateLimitCounter,
];

/** ORM options for either database; both run the same entities and the same migrations. */
export function databaseOptions(target: DatabaseTarget): Partial<Options> {
  const shared = {
    entities,
    extensions: [Migrator],
    // Migrations are imported, not discovered on disk, so they run the same from source or a bundle.
    migrations: { migrationsList: migrations, snapshotOnMigrate: false, silent: true },
    forceUtcTimezone: true,
    // Explicit, so MIKRO_ORM_DEBUG cannot turn on query logging, which prints statements with their values.
    debug: false,
  } satisfies Partial<Options>;
  return target.kind === "postgresql"
    ? { ...shared, driver: PostgreSqlDriver, clientUrl: target.url, pool: { max: target.poolMax ?? 10 }, driverOptions: { ssl: pgSslOptions(target.ssl) } }
    : { ...shared, driver: PgliteDriver, dbName: target.dataDir ?? "memory://" };
}

/** Applies pending migrations, one process at a time; returns the names applied. */
export async function migrateDatabase(orm: MikroORM, target: DatabaseTarget): Promise<string[]> {
  const applied = await withMigrationLock(target, () => orm.migrator.up());
  return applied.map((migration) => migration.name);
}

/** Connects without touching the schema. */
export function connectDatabase(target: DatabaseTarget): Promise<MikroORM> {
  return MikroORM.init(databaseOptions(target));
}

/** Connects and brings the schema up to date. */
export async function openDatabase(target: DatabaseTarget): Promise<MikroORM> {
  const orm = await connectDatabase(target);
  try {
    await migrateDatabase(orm, target);
  } catch (error) {
    await orm.close(true);
    throw error;
  }
  return orm;
}
