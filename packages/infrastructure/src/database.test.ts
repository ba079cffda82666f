import { describe, expect, it } from "vitest";
import { defineEntity, p } from "@mikro-orm/core";
import { testDatabaseUrl } from "@addon-kit/testing/database";
import { openDatabase } from "./database.ts";
import { withMigrationLock } from "./migration-lock.ts";

const Probe = defineEntity({ name: "Probe", properties: { id: p.integer().primary() } });
const url = testDatabaseUrl();

describe.skipIf(!url)("TLS to PostgreSQL", () => {
  it("is asked of the server when configured (the test server speaks none, so the connection is refused)", async () => {
    const target = { kind: "postgresql", url: url ?? "" } as const;
    await expect(openDatabase({ ...target, ssl: "no-verify" }, { entities: [Probe], migrations: [] })).rejects.toThrow(/SSL/i);
    // Every connection asks for it, the migration lock's own session included.
    await expect(withMigrationLock({ ...target, ssl: "no-verify" }, async () => "locked")).rejects.toThrow(/SSL/i);
    await expect(withMigrationLock(target, async () => "locked")).resolves.toBe("locked");
  });
});
