import { describe, expect, it } from "vitest";
import { createTenantSteps } from "./create-tenant.ts";
import { tenantNames } from "./tenant-names.ts";
import { crashAfter } from "./testing/crash-after.ts";
import { connectAs, useTestProvisioner } from "./testing/test-cluster.ts";
import { adminUrl } from "./testing/test-plan.ts";

const { provisioner, cluster, request } = useTestProvisioner();
describe("a provision killed between any two steps", () => {
  it.for(createTenantSteps.map((step, index) => ({ steps: index + 1, after: step.name })))(
    "ends, when replayed after a kill -9 following the $after step, with one database, one set of credentials and a URL that works",
    async ({ steps }) => {
      const created = request();
      const names = tenantNames(created.resource.id);
      await crashAfter(adminUrl, created.resource.id, steps);

      const step = { idempotencyKey: `${created.resource.heroku_uuid}:provision` };
      const answer = await provisioner.createTenant(created, step);
      expect(answer).toMatchObject({ outcome: "done" });
      expect(await provisioner.createTenant(created, step)).toEqual({ ...answer, ms: expect.any(Number) });

      const { rows: databases } = await cluster.query("select datname from pg_database where starts_with(datname, $1)", [names.database]);
      expect(databases).toEqual([{ datname: names.database }]);
      const { rows: roles } = await cluster.query("select rolname from pg_roles where starts_with(rolname, $1) order by rolname", [names.owner]);
      expect(roles.map((role) => role.rolname)).toEqual([names.owner, names.loginRole(1), names.readOnly].sort());
      const url = answer.outcome === "done" ? (answer.value.EXAMPLE_DB_URL ?? "") : "";
      const client = await connectAs(url);
      await client.query("create table survived (id int)");
      expect((await client.query("select has_database_privilege('public', current_database(), 'connect') as public_connect")).rows).toEqual([
        { public_connect: false },
      ]);
    },
  );
});
