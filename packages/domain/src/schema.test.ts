import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MikroORM } from "@mikro-orm/core";
import { migrateDatabase } from "@addon-kit/infrastructure";
import { openTestDatabase, testDatabaseTarget } from "./testing/open-test-database.ts";

let orm: MikroORM;
beforeAll(async () => {
  orm = await openTestDatabase();
});
afterAll(() => orm.close());

describe("migrations", () => {
  it("leave nothing between the schema and the entities", async () => {
    expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe("");
  });

  it("apply once: a second run has nothing to do", async () => {
    expect(await migrateDatabase(orm, testDatabaseTarget())).toEqual([]);
  });
});
