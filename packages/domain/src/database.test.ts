import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MikroORM } from "@mikro-orm/core";
import { migrateDatabase, openDatabase } from "./database.ts";
import { withMigrationLock } from "./migration-lock.ts";
import { openTestDatabase, testDatabaseTarget } from "./testing/open-test-database.ts";

let orm: MikroORM;
beforeAll(async () => {
  orm = await openTestDatabase();
});
afterAll(() => orm.close());

describe.skipIf(testDatabaseTarget().kind !== "postgresql")("TLS to PostgreSQL", () => {
  it("is asked of the server when configured (the test server speaks none, so the connection is refused)", async () => {
    const target = testDatabaseTarget();
    if (target.kind !== "postgresql") return;
    await expect(openDatabase({ ...target, ssl: "no-verify" })).rejects.toThrow(/SSL/i);
    // Every connection asks for it, the migration lock's own session included.
    await expect(withMigrationLock({ ...target, ssl: "no-verify" }, async () => "locked")).rejects.toThrow(/SSL/i);
    await expect(withMigrationLock(target, async () => "locked")).resolves.toBe("locked");
  });
});

describe("migrations", () => {
  it("leave nothing between the schema and the entities", async () => {
    expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe("");
  });

  it("apply once: a second run has nothing to do", async () => {
    expect(await migrateDatabase(orm, testDatabaseTarget())).toEqual([]);
  });
});
