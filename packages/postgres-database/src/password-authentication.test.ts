import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConfigVars, CreateTenantRequest, ProductAnswer } from "@addon-kit/contracts";
import { PostgresDatabaseProvisioner } from "./postgres-database-provisioner.ts";
import { TenantCluster } from "./tenant-cluster.ts";
import { crashAfter } from "./testing/crash-after.ts";
import { startPasswordCluster } from "./testing/password-cluster.ts";
import { connectError } from "./testing/test-cluster.ts";
import { tenantRequest } from "./testing/test-plan.ts";

let cluster: Awaited<ReturnType<typeof startPasswordCluster>>;
let provisioner: PostgresDatabaseProvisioner;
beforeAll(async () => {
  cluster = await startPasswordCluster();
  provisioner = new PostgresDatabaseProvisioner({
    cluster: new TenantCluster(cluster.adminUrl),
    publicUrl: new URL(`postgres://${new URL(cluster.adminUrl).host}`),
    configVarsPrefix: "EXAMPLE_DB",
    passwordKey: randomBytes(32),
    syncProvisionWaitMs: 10_000,
    policy: { retentionMs: 0, storageGraceMs: 0 },
  });
});
afterAll(async () => {
  await provisioner?.end();
  cluster?.stop();
});

function urlOf(answer: ProductAnswer<ConfigVars>): string {
  const url = answer.outcome === "done" ? answer.value.EXAMPLE_DB_URL : undefined;
  if (!url) throw new Error(`expected a URL, got ${JSON.stringify(answer)}`);
  return url;
}

const provision = (request: CreateTenantRequest) => provisioner.createTenant(request, { idempotencyKey: `${request.resource.heroku_uuid}:provision` });

function withPassword(url: string, password: string): string {
  const changed = new URL(url);
  changed.password = password;
  return changed.toString();
}

describe("on a cluster that checks passwords", () => {
  it("lets in the URL's password and no other, not even another tenant's", async () => {
    const url = urlOf(await provision(tenantRequest()));
    const other = urlOf(await provision(tenantRequest()));
    expect(await connectError(url)).toBeUndefined();
    expect(await connectError(withPassword(url, "guessed"))).toBe("28P01");
    expect(await connectError(withPassword(url, new URL(other).password))).toBe("28P01");
  });

  it("answers a replay after a crash with the password that works, whatever the killed attempt set", async () => {
    const request = tenantRequest();
    await crashAfter(cluster.adminUrl, request.resource.id, 3);
    expect(await connectError(urlOf(await provision(request)))).toBeUndefined();
  });

  it("refuses a replaced password from its retirement on, before any maintenance has run", async () => {
    const request = tenantRequest();
    const oldUrl = urlOf(await provision(request));
    const newUrl = urlOf(await provisioner.rotateCredentials({ resource: request.resource }, { idempotencyKey: `${request.resource.heroku_uuid}:rotation:1` }));
    const retireAt = new Date(Date.now() + 1_500);
    await provisioner.retireCredentials({ resource: request.resource, retire_at: retireAt.toISOString(), grace_seconds: 1 }, { idempotencyKey: "retire" });
    expect(await connectError(oldUrl)).toBeUndefined();
    await sleep(retireAt.getTime() - Date.now() + 100);
    expect(await connectError(oldUrl)).toBe("28P01");
    expect(await connectError(newUrl)).toBeUndefined();
  });

  it("refuses every password of a deprovisioned tenant at once", async () => {
    const request = tenantRequest();
    const url = urlOf(await provision(request));
    await provisioner.deleteTenant(request.resource.heroku_uuid, { idempotencyKey: "deprovision" });
    expect(await connectError(url)).toBe("28000");
  });
});
