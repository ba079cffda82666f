import type { TenantProvisioner } from "../provisioners/remote-provisioner.ts";

/** One tenant as the database cluster holds it, found by the names its resource id gives. */
export interface ClusterTenant {
  resourceId: string;
  /** False when only its roles are left: a provision stopped before the database, or a drop stopped after it. */
  hasDatabase: boolean;
  sizeBytes: number;
  access: DatabaseAccess;
}

/**
 * Read-only: the credentials can read, delete and truncate but not write (the database stayed
 * over its storage quota past the grace). Locked: no connections at all, for a database that
 * grew while read-only (its tenant found a way around the privileges). Switching: a switch was
 * interrupted (a crash), and the next one finishes it.
 */
export type DatabaseAccess = "writable" | "read-only" | "locked" | "switching";

/**
 * What the periodic maintenance needs of a provisioner whose tenants are databases on a cluster
 * it administers (`PROVISIONER=postgres-database`): the cluster's own view, since a crash can
 * leave it ahead of addon-kit's records, and the steps that enforce plans and retention.
 */
export interface TenantDatabases {
  /** How long a deprovisioned (or failed) resource's database is kept before it is dropped, and how long a database may stay over its quota before it turns read-only. */
  readonly policy: { retentionMs: number; storageGraceMs: number };
  /** Runs `pass` unless another process is running one (false then): a pass longer than the schedule's minute is not overlapped nor queued behind. */
  unlessRunning(pass: () => Promise<void>): Promise<boolean>;
  listTenants(): Promise<ClusterTenant[]>;
  /** The plan's storage quota in bytes. */
  storageQuotaBytes(limits: Record<string, number>): number;
  /**
   * Switches the tenant's access from `from` (what the pass saw; nothing happens if a plan change
   * has changed it since) to `access`; `limits` are its plan's, which the tenant is held to again
   * afterwards. Answers the database's size once switched, or undefined when nothing happened.
   */
  setAccess(
    resourceId: string,
    from: DatabaseAccess,
    access: Exclude<DatabaseAccess, "switching">,
    limits: Record<string, number>,
  ): Promise<{ sizeBytes: number } | undefined>;
  /**
   * Drops the database, its sessions and its roles, if `stillEnded` (asked while no provision
   * of the tenant can run) says so. Roles another tenant's grants keep from being dropped are
   * left behind, unable to log in or act as anyone, and named in the answer.
   */
  dropTenant(resourceId: string, stillEnded: () => Promise<boolean>): Promise<{ dropped: boolean; leftBehind: string[] }>;
  /** Credentials a rotation replaced whose grace is over. */
  retiredCredentials(): Promise<{ resourceId: string; role: string }[]>;
  /** Ends retired credentials: their sessions, then their role. Not ended when they were not retired after all (or are gone). */
  endCredentials(resourceId: string, role: string): Promise<{ ended: boolean; leftBehind: string[] }>;
}

/** The provisioner's databases, when its tenants are databases. */
export function tenantDatabasesOf(provisioner: TenantProvisioner): TenantDatabases | undefined {
  return "databases" in provisioner ? provisioner.databases : undefined;
}

/** The maintenance pass runs every minute (cron, UTC), in whichever process's worker takes it first. */
export const tenantDatabaseMaintenance = { job: { name: "maintain-tenant-databases" }, cron: "* * * * *" } as const;
