/**
 * Every name on the cluster comes from the resource's id, so each step can find what an earlier
 * attempt made (after a crash, a retry or a racing request) instead of making a second one.
 * Databases and roles are separate namespaces, so the database and its owner share a name.
 */
const prefix = "addon_";
const hexId = /^[0-9a-f]{32}$/;

export interface TenantNames {
  resourceId: string;
  database: string;
  /** Owns the database and everything in it; no one logs in as it. */
  owner: string;
  /** What the credentials become while the database is over its quota: read, delete, truncate. */
  readOnly: string;
  /** `<owner>_g<n>`: each rotation adds a generation; the highest is the current credentials. */
  loginRole: (generation: number) => string;
}

export function tenantNames(resourceId: string): TenantNames {
  const hex = resourceId.replaceAll("-", "").toLowerCase();
  if (!hexId.test(hex)) throw new Error(`not a resource id: ${resourceId}`);
  const base = `${prefix}${hex}`;
  return { resourceId, database: base, owner: base, readOnly: `${base}_readonly`, loginRole: (generation) => `${base}_g${generation}` };
}

/** A login role's generation, or undefined for any other name. */
export function generationOf(names: TenantNames, role: string): number | undefined {
  const match = new RegExp(`^${names.owner}_g([1-9][0-9]{0,8})$`).exec(role);
  return match ? Number(match[1]) : undefined;
}

/** The resource id a cluster name belongs to, or undefined for a name that is not a tenant's. */
export function resourceIdOf(name: string): string | undefined {
  const hex = name.startsWith(prefix) ? name.slice(prefix.length, prefix.length + 32) : "";
  if (!hexId.test(hex) || !/^(|_readonly|_g[1-9][0-9]{0,8})$/.test(name.slice(prefix.length + 32))) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `like` pattern for every tenant name on the cluster. */
export const tenantNamePattern = `${prefix.replace("_", "\\_")}%`;
