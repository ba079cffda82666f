import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

// The setting does not depend on the project, so the PostgreSQL project skips it rather than pay
// for a second PGlite cluster. Creating one took 45 s in CI while every workspace's suite started
// at once on two cores, hence a hook with room to spare.
describe.skipIf(url)("the embedded PGlite database", () => {
  let orm: Awaited<ReturnType<typeof openDatabase>>;
  beforeAll(async () => {
    orm = await openDatabase({ kind: "pglite", dataDir: undefined }, { entities: [Probe], migrations: [] });
  }, 120_000);
  afterAll(() => orm.close(true));

  it("keeps PostgreSQL's shared buffers small, since they stay in its WebAssembly memory for good", async () => {
    const [setting] = await orm.em.getConnection().execute<{ shared_buffers: string }[]>("show shared_buffers");
    expect(setting?.shared_buffers).toBe("16MB");
  });
});
