import type { HerokuContext } from "../heroku/heroku-context.ts";
import type { EventDetails } from "../resources/record-event.ts";
import { recordEvent } from "../resources/record-event.ts";
import { Resource } from "../resources/resource.entity.ts";
import { StorageWarning } from "./storage-warning.entity.ts";
import { type ClusterTenant, type TenantDatabases, tenantDatabasesOf } from "./tenant-databases.ts";

const megabytes = (bytes: number) => `${Math.ceil(bytes / (1024 * 1024))} MB`;

/**
 * The periodic pass over the tenants' databases (every minute, by whichever process's worker
 * takes the job): ends credentials whose grace is over, warns about and then makes read-only a
 * database over its storage quota (locks one that grows all the same, and makes it writable again
 * once it is under), drops what
 * was deprovisioned longer ago than the retention period, and reports databases no resource
 * knows. The cluster is read afresh each time, so a pass interrupted anywhere is finished by the next.
 */
export async function maintainTenantDatabases(context: HerokuContext, now = new Date()): Promise<void> {
  const databases = tenantDatabasesOf(context.provisioner);
  if (!databases) return;
  const ran = await databases.unlessRunning(async () => {
    const failed: string[] = [];
    // One tenant's trouble (a lock held too long, a statement refused) does not hold up the others.
    const eachApart = async (resourceId: string, work: () => Promise<void>) => {
      try {
        await work();
      } catch (error) {
        context.log.warn({ resourceId, err: error }, "maintaining a tenant database failed; the next pass tries again");
        failed.push(resourceId);
      }
    };
    for (const { resourceId, role } of await databases.retiredCredentials()) {
      await eachApart(resourceId, async () => {
        const { ended, leftBehind } = await databases.endCredentials(resourceId, role);
        reportLeftBehind(context, resourceId, leftBehind);
        if (ended)
          await record(context, resourceId, { type: "credentials_ended", actor: "system", message: `Replaced credentials ${role} ended: their grace is over` });
      });
    }
    const tenants = await databases.listTenants();
    const resources = new Map(
      (await context.em.fork().find(Resource, { id: { $in: tenants.map((tenant) => tenant.resourceId) } }, { populate: ["plan"] })).map((resource) => [
        resource.id,
        resource,
      ]),
    );
    for (const tenant of tenants) await eachApart(tenant.resourceId, () => maintainTenant(context, databases, tenant, resources.get(tenant.resourceId), now));
    if (failed.length > 0) throw new Error(`maintaining ${failed.length} tenant database(s) failed: ${failed.join(", ")}`);
  });
  if (!ran) context.log.info({}, "another process's maintenance pass of the tenant databases is still running; this one is skipped");
}

async function maintainTenant(
  context: HerokuContext,
  databases: TenantDatabases,
  tenant: ClusterTenant,
  resource: Resource | undefined,
  now: Date,
): Promise<void> {
  if (!resource) {
    // Not dropped: with addon-kit's database restored from an older backup, a live customer's database looks just like this.
    context.log.warn(
      { resourceId: tenant.resourceId, hasDatabase: tenant.hasDatabase, sizeBytes: tenant.sizeBytes },
      "a tenant database on the cluster belongs to no resource; left for staff to inspect",
    );
  } else if (ended(resource, databases, now)) {
    const stillEnded = async () => {
      const current = await context.em.fork().findOne(Resource, { id: resource.id });
      return current !== null && ended(current, databases, now);
    };
    const { dropped, leftBehind } = await databases.dropTenant(tenant.resourceId, stillEnded);
    reportLeftBehind(context, tenant.resourceId, leftBehind);
    if (!dropped) return;
    if (tenant.hasDatabase)
      await record(context, resource.id, { type: "database_dropped", actor: "system", message: "The database was dropped at the end of its retention period" });
  } else if (resource.state === "provisioned" && tenant.hasDatabase) {
    await enforceStorageQuota(context, databases, resource, tenant, now);
  }
}

function reportLeftBehind(context: HerokuContext, resourceId: string, roles: string[]): void {
  if (roles.length === 0) return;
  context.log.warn(
    { resourceId, roles },
    "roles that another role's grants keep from being dropped were left unable to log in or act as anyone; pg_shdepend names the databases holding the grants",
  );
}

/** Deprovisioned, or failed, longer ago than the retention period. */
function ended(resource: Resource, databases: TenantDatabases, now: Date): boolean {
  if (resource.state !== "deprovisioned" && resource.state !== "failed") return false;
  const endedAt = resource.deprovisionedAt ?? resource.updatedAt;
  return endedAt.getTime() + databases.policy.retentionMs <= now.getTime();
}

/**
 * Read-only while the database has been over its quota for longer than the grace; writable
 * otherwise. A read-only database cannot grow through its credentials' privileges, so one that
 * grows well past the smallest it has been since is locked (no connections) until an upgrade:
 * whatever way its tenant found around them, it gains nothing by it.
 */
async function enforceStorageQuota(context: HerokuContext, databases: TenantDatabases, resource: Resource, tenant: ClusterTenant, now: Date): Promise<void> {
  const quotaBytes = databases.storageQuotaBytes(resource.plan.limits);
  const em = context.em.fork();
  let warning = await em.findOne(StorageWarning, { resourceId: resource.id });
  if (warning && tenant.access === "writable" && typeof warning.readOnlySizeBytes === "number") {
    // Made writable since by a plan change: its grace and sizes were the old plan's, and a new warning starts over.
    await em.nativeDelete(StorageWarning, { resourceId: resource.id });
    warning = null;
  }
  if (tenant.sizeBytes <= quotaBytes) {
    if (warning) await em.nativeDelete(StorageWarning, { resourceId: resource.id });
    warning = null;
  } else if (!warning) {
    warning = em.create(StorageWarning, { resourceId: resource.id, warnedAt: now, sizeBytes: tenant.sizeBytes, quotaBytes, readOnlySizeBytes: null });
    await em.flush();
    const deadline = new Date(now.getTime() + databases.policy.storageGraceMs).toISOString();
    await record(
      context,
      resource.id,
      {
        type: "storage_quota_exceeded",
        actor: "system",
        message: `The database holds ${megabytes(tenant.sizeBytes)}, over the ${megabytes(quotaBytes)} of plan ${resource.plan.name}: it turns read-only at ${deadline} unless it is made smaller (${shrinking}) or the plan upgraded`,
        data: { sizeBytes: tenant.sizeBytes, quotaBytes },
      },
      { appLog: true },
    );
  } else {
    warning.sizeBytes = tenant.sizeBytes;
    warning.quotaBytes = quotaBytes;
    if (tenant.access === "read-only") warning.readOnlySizeBytes = Math.min(warning.readOnlySizeBytes ?? tenant.sizeBytes, tenant.sizeBytes);
    await em.flush();
  }
  const target = accessFor(tenant, warning, quotaBytes, databases.policy.storageGraceMs, now);
  if (tenant.access === target) return;
  // The pass read the plans when it began: a plan change since then is the next pass's to judge.
  const current = await context.em.fork().findOne(Resource, { id: resource.id }, { populate: ["plan"] });
  if (!current || current.plan.slug !== resource.plan.slug || current.state !== "provisioned") return;
  const switched = await databases.setAccess(resource.id, tenant.access, target, resource.plan.limits);
  if (!switched) return;
  if (target === "read-only" && warning) {
    // Measured once switched: what the tenant wrote while the pass went on, and the switch's own catalog changes, are not growth.
    warning.readOnlySizeBytes = switched.sizeBytes;
    await em.flush();
  }
  const messages = {
    "read-only": `The database is read-only: it holds ${megabytes(tenant.sizeBytes)}, over the ${megabytes(quotaBytes)} of its plan. Truncate tables (a DELETE frees space only for reuse), or upgrade, to write again`,
    locked: `The database grew to ${megabytes(tenant.sizeBytes)} while it was read-only, which its credentials cannot do: it takes no connections until the plan is upgraded to one it fits`,
    writable: `The database is within its ${megabytes(quotaBytes)} and writable again`,
  };
  const types = { "read-only": "database_read_only", locked: "database_locked", writable: "database_writable" } as const;
  await record(context, resource.id, { type: types[target], actor: "system", message: messages[target] }, { appLog: true });
}

/** How much a read-only database may grow before it counts as escaped (VACUUM's maps, statistics): 5% of the quota, at least 16 MB. */
const readOnlyGrowthBytes = (quotaBytes: number) => Math.max(16 * 1024 * 1024, quotaBytes * 0.05);

function accessFor(tenant: ClusterTenant, warning: StorageWarning | null, quotaBytes: number, graceMs: number, now: Date): "writable" | "read-only" | "locked" {
  if (!warning || warning.warnedAt.getTime() + graceMs > now.getTime()) return "writable";
  const since = warning.readOnlySizeBytes;
  const grew = tenant.access === "read-only" && typeof since === "number" && tenant.sizeBytes > since + readOnlyGrowthBytes(quotaBytes);
  return tenant.access === "locked" || grew ? "locked" : "read-only";
}

const shrinking = "TRUNCATE, DROP or VACUUM FULL; a DELETE frees space only for reuse";

/** On the resource's timeline, and in its app's log when asked (the customer's developers see it there). */
async function record(context: HerokuContext, resourceId: string, details: EventDetails, options: { appLog?: boolean } = {}): Promise<void> {
  await context.em.fork().transactional(async (em) => {
    const resource = await em.findOneOrFail(Resource, { id: resourceId });
    recordEvent(em, resource, details);
    if (options.appLog && resource.sealedLogInputUrl) await context.jobs.enqueue(em, { name: "write-app-log", resourceId, message: details.message });
  });
}
