import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { MikroORM } from "@mikro-orm/core";
import type { CatalogPlan } from "@addon-kit/contracts";
import { type DatabaseTarget, PgBossJobQueue, openDatabase } from "@addon-kit/infrastructure";
import { testDatabaseUrl } from "@addon-kit/testing/database";
import { repositoryRoot } from "@addon-kit/testing/repository";
import { type Job, jobRetryPolicies } from "../jobs/job-queue.ts";
import { syncPlanCatalog } from "../plans/sync-plan-catalog.ts";
import { schema } from "../schema.ts";

/** The example catalog: every test file of a run shares one database, so they share one catalog. */
export const exampleCatalog: CatalogPlan[] = JSON.parse(readFileSync(join(repositoryRoot, "plans.json"), "utf8")).plans;

export function testDatabaseTarget(): DatabaseTarget {
  const url = testDatabaseUrl();
  return url ? { kind: "postgresql", url } : { kind: "pglite", dataDir: undefined };
}

/** The durable job queue on a test database; nothing works its jobs unless a test does. */
export function startTestJobQueue(orm: MikroORM): Promise<PgBossJobQueue<Job>> {
  return PgBossJobQueue.start<Job>(orm, testDatabaseTarget(), jobRetryPolicies, (error) => {
    throw error;
  });
}

/** A migrated database of the running project (in-memory PGlite or PostgreSQL) with the example plans. */
export async function openTestDatabase() {
  const orm = await openDatabase(testDatabaseTarget(), schema);
  await syncPlanCatalog(orm.em, exampleCatalog);
  return orm;
}
