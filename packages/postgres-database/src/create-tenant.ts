import type pg from "pg";
import { type DatabaseLimits, applyLimits } from "./database-limits.ts";
import { grantAccess } from "./tenant-access.ts";
import { type TenantCluster, inTransaction, literal, quoted } from "./tenant-cluster.ts";
import { scramVerifier } from "./tenant-credentials.ts";
import type { TenantNames } from "./tenant-names.ts";

export interface CreateTenantRun {
  cluster: TenantCluster;
  admin: pg.ClientBase;
  names: TenantNames;
  limits: DatabaseLimits;
  /** The step's idempotency key, kept on the login role it makes. */
  idempotencyKey: string;
  password: (role: string) => string;
}

/**
 * Making a tenant, one step at a time. A crash can fall between any two (and `CREATE DATABASE`
 * cannot share a transaction with the rest), so each step looks for what it makes before making
 * it and can run again: a retried or replayed provision resumes where the last one stopped and
 * ends with exactly one database, one owner role and one set of credentials.
 */
export const createTenantSteps: readonly { name: string; run: (run: CreateTenantRun) => Promise<void> }[] = [
  { name: "owner role", run: ({ cluster, admin, names }) => ensureNologinRole(cluster, admin, names.owner) },
  { name: "read-only role", run: ({ cluster, admin, names }) => ensureNologinRole(cluster, admin, names.readOnly) },
  {
    name: "credentials",
    run: async ({ cluster, admin, names, idempotencyKey, password }) => {
      if ((await cluster.loginRoles(admin, names)).length > 0) return;
      const role = names.loginRole(1);
      await inTransaction(admin, async () => {
        await admin.query(`create role ${quoted(role)} login password ${literal(scramVerifier(password(role)))}`);
        await admin.query(`comment on role ${quoted(role)} is ${literal(idempotencyKey)}`);
      });
    },
  },
  {
    name: "database",
    run: async ({ cluster, admin, names }) => {
      if (await cluster.databaseExists(admin, names.database)) return;
      // Owned by the administrator: a database's owner may change its connection limit and settings, and drop it.
      await ignoring("42P04", admin.query(`create database ${quoted(names.database)}`));
    },
  },
  {
    name: "nothing for PUBLIC",
    run: async ({ cluster, admin, names }) => {
      await admin.query(`revoke all on database ${quoted(names.database)} from public`);
      await admin.query(`grant create, temporary on database ${quoted(names.database)} to ${quoted(names.owner)}`);
      await cluster.inDatabase(names.database, async (client) => {
        // PostgreSQL before 15 lets everyone create in `public`; the tenant's owner role has it instead.
        await client.query("revoke all on schema public from public");
        await client.query(`alter schema public owner to ${quoted(names.owner)}`);
        // Any role may create large objects, which would write past a read-only state: only the owner may.
        for (const fn of largeObjectCreators) {
          await client.query(`revoke execute on function ${fn} from public`);
          await client.query(`grant execute on function ${fn} to ${quoted(names.owner)}`);
        }
      });
    },
  },
  {
    name: "access and limits",
    run: async ({ cluster, admin, names, limits }) => {
      const roles = await cluster.loginRoles(admin, names);
      for (const role of roles) await grantAccess(admin, names, role.name, { readOnly: role.readOnly });
      await applyLimits(
        admin,
        names,
        limits,
        roles.map((role) => role.name),
      );
    },
  },
];

/** The credentials a provision answers: the current (newest) generation's. */
export async function createTenant(run: CreateTenantRun): Promise<{ role: string; password: string }> {
  for (const step of createTenantSteps) await step.run(run);
  const current = (await run.cluster.loginRoles(run.admin, run.names)).at(-1);
  if (!current) throw new Error(`${run.names.database} has no credentials after being created`);
  // Set on every attempt: the role may have been made under another key (ENCRYPTION_KEY changed since), and the answer must be what it accepts.
  await run.admin.query(`alter role ${quoted(current.name)} password ${literal(scramVerifier(run.password(current.name)))}`);
  return { role: current.name, password: run.password(current.name) };
}

const largeObjectCreators = ["pg_catalog.lo_creat(integer)", "pg_catalog.lo_create(oid)", "pg_catalog.lo_from_bytea(oid, bytea)"];

async function ensureNologinRole(cluster: TenantCluster, admin: pg.ClientBase, role: string): Promise<void> {
  if (await cluster.roleExists(admin, role)) return;
  // 42710: made meanwhile by a statement outside the tenant's lock (an administrator's).
  await ignoring("42710", admin.query(`create role ${quoted(role)} nologin`));
}

async function ignoring(code: string, statement: Promise<unknown>): Promise<void> {
  try {
    await statement;
  } catch (error) {
    if ((error as { code?: string }).code !== code) throw error;
  }
}
