import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";

import type {} from "./database.ts";

/** The server the PostgreSQL project runs against; CI and this repo's machines have one here. */
const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export default async function setup(project: TestProject) {
  const name = `addon_kit_test_${randomBytes(6).toString("hex")}`;
  await withAdmin((client) => client.query(`create database "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  project.provide("databaseUrl", url.toString());
  return async () => {
    await withAdmin((client) => client.query(`drop database if exists "${name}" with (force)`));
  };
}

async function withAdmin(work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`PostgreSQL tests need a server at ${adminUrl} (set TEST_DATABASE_URL): ${(error as Error).message}`);
  }
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
