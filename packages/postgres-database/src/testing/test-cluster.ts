import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, expect, vi } from "vitest";
import type { CreateTenantRequest, ProductPlan } from "@addon-kit/contracts";
import { PostgresDatabaseProvisioner } from "../postgres-database-provisioner.ts";
import { TenantCluster } from "../tenant-cluster.ts";
import { adminUrl, tenantRequest } from "./test-plan.ts";

/**
 * A provisioner on the test server for one file, whose tenants are all dropped after it; the
 * cluster's roles are shared by every database on it, so nothing may be left behind.
 */
export function useTestProvisioner(options: { adminUrl?: string; syncProvisionWaitMs?: number } = {}) {
  const cluster = new TenantCluster(options.adminUrl ?? adminUrl);
  const provisioner = new PostgresDatabaseProvisioner({
    cluster,
    publicUrl: new URL(`postgres://${new URL(adminUrl).host}`),
    configVarsPrefix: "EXAMPLE_DB",
    passwordKey: randomBytes(32),
    syncProvisionWaitMs: options.syncProvisionWaitMs ?? 10_000,
    policy: { retentionMs: 0, storageGraceMs: 0 },
  });
  const made: string[] = [];
  // One forced DROP DATABASE per tenant the file made, a second or more apiece on a loaded CI machine.
  afterAll(async () => {
    for (const resourceId of made) await provisioner.dropTenant(resourceId, async () => true).catch(() => {});
    await provisioner.end();
  }, 180_000);
  return {
    provisioner,
    cluster,
    /** A request whose tenant is dropped after the file. */
    request(plan?: ProductPlan): CreateTenantRequest {
      const request = tenantRequest(plan);
      made.push(request.resource.id);
      return request;
    },
  };
}

/** A connection as the app would open it, from the config var; closed after the file. */
export async function connectAs(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", (error: Error & { code?: string }) => endings.set(client, error.code ?? error.message));
  await client.connect();
  connections.push(client);
  return client;
}
const connections: pg.Client[] = [];
const endings = new WeakMap<pg.Client, string>();

/** How an idle session ended, once the server ended it. */
export async function sessionEnding(client: pg.Client): Promise<string | undefined> {
  await vi.waitFor(() => expect(endings.has(client)).toBe(true), { timeout: 5_000 });
  return endings.get(client);
}
afterAll(async () => {
  await Promise.all(connections.map((client) => client.end().catch(() => {})));
});

/** What connecting fails with: PostgreSQL's SQLSTATE, or undefined when it connects. */
export async function connectError(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code ?? (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}
