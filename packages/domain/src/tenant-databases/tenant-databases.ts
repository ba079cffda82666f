import type { TenantProvisioner } from "../provisioners/remote-provisioner.ts";

/** One tenant as the database cluster holds it, found by the names its resource id gives. */
export interface ClusterTenant {
  resourceId: string;
  /** False when only its roles are left: a provision stopped before the database, or a drop stopped after it. */
  hasDatabase: boolean;
  sizeBytes: number;
  /** Its credentials can read, delete and truncate but not write: it went over its storage quota. */
  readOnly: boolean;
}

/**
 * What the periodic maintenance needs of a provisioner whose tenants are databases on a cluster
 * it administers (`PROVISIONER=postgres-database`): the cluster's own view, since a crash can
 * leave it ahead of addon-kit's records, and the steps that enforce plans and retention.
 */
export interface TenantDatabases {
  /** How long a deprovisioned (or failed) resource's database is kept before it is dropped, and how long a database may stay over its quota before it turns read-only. */
  readonly policy: { retentionMs: number; storageGraceMs: number };
  /** Runs `pass` while no other process runs one: a pass longer than the schedule's minute waits rather than overlaps. */
  oneAtATime(pass: () => Promise<void>): Promise<void>;
  listTenants(): Promise<ClusterTenant[]>;
  /** The plan's storage quota in bytes. */
  storageQuotaBytes(limits: Record<string, number>): number;
  setReadOnly(resourceId: string, readOnly: boolean): Promise<void>;
  /** Drops the database, its sessions and its roles; nothing is left to drop when it returns. */
  dropTenant(resourceId: string): Promise<void>;
  /** Ends credentials a rotation replaced whose grace is over: their sessions, then their roles. */
  endRetiredCredentials(): Promise<{ resourceId: string; role: string }[]>;
}

/** The provisioner's databases, when its tenants are databases. */
export function tenantDatabasesOf(provisioner: TenantProvisioner): TenantDatabases | undefined {
  return "databases" in provisioner ? provisioner.databases : undefined;
}

/** The maintenance pass runs every minute (cron, UTC), in whichever process's worker takes it first. */
export const tenantDatabaseMaintenance = { job: { name: "maintain-tenant-databases" }, cron: "* * * * *" } as const;
