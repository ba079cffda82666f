/**
 * A process that makes a tenant's first N steps, says "stopped", and then waits (holding the
 * tenant's lock and its connection) to be killed: what a crash between two steps leaves.
 * Usage: node stop-after-steps.ts <admin-url> <resource-id> <steps>
 */
import { setInterval } from "node:timers/promises";
import { createTenantSteps } from "../create-tenant.ts";
import { TenantCluster } from "../tenant-cluster.ts";
import { databaseLimitsSchema } from "../database-limits.ts";
import { testPlan } from "./test-plan.ts";

const [adminUrl = "", resourceId = "", steps = "0"] = process.argv.slice(2);
const cluster = new TenantCluster(adminUrl);
await cluster.withTenant(resourceId, async (admin, names) => {
  const run = {
    cluster,
    admin,
    names,
    limits: databaseLimitsSchema.parse(testPlan().limits),
    idempotencyKey: `${resourceId}:provision`,
    password: () => "first-attempt",
  };
  for (const step of createTenantSteps.slice(0, Number(steps))) await step.run(run);
  process.stdout.write("stopped\n");
  for await (const _ of setInterval(60_000));
});
