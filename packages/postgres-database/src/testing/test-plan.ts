import { randomUUID } from "node:crypto";
import type { CreateTenantRequest, ProductPlan } from "@addon-kit/contracts";
import { resourceIdFor } from "@addon-kit/domain";
import { postgresServerUrl } from "@addon-kit/testing/postgres-server";

/** The PostgreSQL server the tests make tenants on. */
export const adminUrl = postgresServerUrl;

export const testPlan = (limits: Partial<Record<"connections" | "statementTimeoutSeconds" | "storageMegabytes", number>> = {}): ProductPlan => ({
  slug: "test",
  name: "Test",
  limits: { connections: 5, statementTimeoutSeconds: 30, storageMegabytes: 100, ...limits },
});

/** A create request for a new resource, its id derived from its uuid as addon-kit's are. */
export function tenantRequest(plan = testPlan()): CreateTenantRequest {
  const herokuUuid = randomUUID();
  return {
    resource: {
      id: resourceIdFor(herokuUuid),
      heroku_uuid: herokuUuid,
      name: `acme-${herokuUuid.slice(0, 8)}`,
      plan: plan.slug,
      region: "us",
      state: "provisioning",
      options: {},
    },
    plan,
  };
}
