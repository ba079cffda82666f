import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createIsolatedDatabase } from "@addon-kit/testing/database";
import { runToEnd } from "./testing/service-process.ts";
import { temporaryDirectory } from "@addon-kit/testing/temporary-directory";

const staffScript = fileURLToPath(new URL("./staff.ts", import.meta.url));

describe("npm run staff", () => {
  it("creates the first admin with a password shown once, lists accounts, and refuses a duplicate by name", async () => {
    const database = await createIsolatedDatabase();
    const env = { DATA_DIR: temporaryDirectory("staff"), DATABASE_URL: database.url };
    try {
      const created = await runToEnd(staffScript, ["create", "--email", "Ada@Example.com", "--name", "Ada", "--role", "admin"], env);
      expect(created.code, created.output).toBe(0);
      expect(created.output).toMatch(
        /^Created admin ada@example.com on .+\.\nPassword \(shown once\): [\w-]{24}\nSign in at http:\/\/localhost:3000\/console\n$/,
      );

      const listed = await runToEnd(staffScript, ["list"], env);
      expect(listed.output).toMatch(/^ada@example.com\s+admin\s+active\n$/);

      const again = await runToEnd(staffScript, ["create", "--email", "ada@example.com", "--role", "viewer"], env);
      expect(again).toEqual({ code: 1, output: "A staff account for ada@example.com already exists.\n" });
    } finally {
      await database.drop();
    }
  });

  it("explains a wrong role or a missing command", async () => {
    const env = { DATA_DIR: temporaryDirectory("staff") };
    const wrongRole = await runToEnd(staffScript, ["create", "--email", "a@example.com", "--role", "boss"], env);
    expect(wrongRole.code).toBe(1);
    expect(wrongRole.output).toMatch(/^role: Invalid option: expected one of "viewer"\|"operator"\|"admin"\n\nUsage:/);
    expect((await runToEnd(staffScript, [], env)).output).toMatch(/^Usage:\n  npm run staff -- create/);
  });
});
