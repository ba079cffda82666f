import type { TestProject } from "vitest/node";
import { createScratchDatabase } from "./scratch-database.ts";

import type {} from "./database.ts";

/** The server the PostgreSQL project runs against; CI and this repo's machines have one here. */
const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export default async function setup(project: TestProject) {
  const database = await createScratchDatabase(adminUrl, "addon_kit_test");
  project.provide("databaseUrl", database.url);
  return database.drop;
}
