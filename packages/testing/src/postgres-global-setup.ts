import type { TestProject } from "vitest/node";
import { postgresServerUrl } from "./postgres-server.ts";
import { createScratchDatabase } from "./scratch-database.ts";

import type {} from "./database.ts";

export default async function setup(project: TestProject) {
  const database = await createScratchDatabase(postgresServerUrl, "addon_kit_test");
  project.provide("databaseUrl", database.url);
  return database.drop;
}
