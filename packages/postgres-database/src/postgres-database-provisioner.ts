import type pg from "pg";
import type {
  ChangePlanRequest,
  ConfigVars,
  CreateTenantRequest,
  ProductAnswer,
  ProductPlan,
  RetireCredentialsRequest,
  RotateCredentialsRequest,
} from "@addon-kit/contracts";
import { type ClusterTenant, type DatabaseAccess, type RemoteProvisioner, type RemoteStep, type TenantDatabases, resourceIdFor } from "@addon-kit/domain";
import { createTenant } from "./create-tenant.ts";
import { type DatabaseLimits, applyLimits, databaseLimitsSchema, storageQuotaBytes } from "./database-limits.ts";
import { dropRoles } from "./drop-roles.ts";
import { accessOf, switchAccess } from "./read-only.ts";
import { grantAccess } from "./tenant-access.ts";
import { type TenantCluster, abandonedRole, inTransaction, literal, quoted } from "./tenant-cluster.ts";
import { connectionUrl, loginPassword, scramVerifier } from "./tenant-credentials.ts";
import { resourceIdOf, tenantNamePattern, tenantNames } from "./tenant-names.ts";

export interface PostgresDatabaseOptions {
  cluster: TenantCluster;
  /** Where apps connect: host, port and parameters of the URL each resource is given. */
  publicUrl: URL;
  /** `<PREFIX>_URL` is the config var. */
  configVarsPrefix: string;
  /** Derives each login role's password (see loginPassword). */
  passwordKey: Buffer;
  syncProvisionWaitMs: number;
  policy: TenantDatabases["policy"];
}

type Answer<T> = ProductAnswer<T>;

/**
 * `PROVISIONER=postgres-database`: each resource is a database of its own on a PostgreSQL
 * cluster, reached by its own login role. The cluster is a system outside addon-kit's
 * transactions, so this is a remote provisioner: each step runs before the change is recorded,
 * can run again, and answers done, refused (a message for the customer) or unavailable (retried).
 */
export class PostgresDatabaseProvisioner implements RemoteProvisioner, TenantDatabases {
  readonly remote = true;
  readonly syncProvisionWaitMs: number;
  readonly policy: TenantDatabases["policy"];
  readonly databases: TenantDatabases = this;
  readonly #options: PostgresDatabaseOptions;
  readonly #cluster: TenantCluster;

  constructor(options: PostgresDatabaseOptions) {
    this.#options = options;
    this.#cluster = options.cluster;
    this.syncProvisionWaitMs = options.syncProvisionWaitMs;
    this.policy = options.policy;
  }

  createTenant(request: CreateTenantRequest, step: RemoteStep): Promise<Answer<ConfigVars>> {
    return answer(step.signal, async () => {
      const limits = limitsOf(request.plan);
      const credentials = await this.#cluster.withTenant(request.resource.id, (admin, names) =>
        createTenant({ cluster: this.#cluster, admin, names, limits, idempotencyKey: step.idempotencyKey, password: this.#password }).then((login) => ({
          ...login,
          database: names.database,
        })),
      );
      return done(this.#config(credentials));
    });
  }

  changePlan(request: ChangePlanRequest, step: RemoteStep): Promise<Answer<ConfigVars | undefined>> {
    return answer(step.signal, () =>
      this.#cluster.withTenant(request.resource.id, async (admin, names) => {
        const limits = limitsOf(request.plan);
        const { rows } = await admin.query<{ size: string }>("select pg_database_size($1) as size", [names.database]);
        const size = Number(rows[0]?.size ?? 0);
        if (size > storageQuotaBytes(limits)) {
          return refused(
            `The database holds ${megabytes(size)} MB, more than the ${limits.storageMegabytes} MB of plan ${request.plan.name}. Make it smaller first (DELETE frees space only for reuse; TRUNCATE, DROP or VACUUM FULL give it back), or choose a larger plan.`,
          );
        }
        // A larger plan lifts the read-only or locked state at once (or finishes a switch a crash interrupted), limits and all;
        // maintenance would only a minute later. A locked database's connection limit stays 0 until then.
        if ((await this.#access(admin, names.database)) !== "writable") await switchAccess(this.#cluster, admin, names, "writable", limits);
        else {
          const roles = await this.#cluster.loginRoles(admin, names);
          await applyLimits(
            admin,
            names,
            limits,
            roles.map((role) => role.name),
          );
        }
        return done(undefined);
      }),
    );
  }

  /** A new generation of credentials beside the old, which keep working until retired. */
  rotateCredentials(request: RotateCredentialsRequest, step: RemoteStep): Promise<Answer<ConfigVars>> {
    return answer(step.signal, () =>
      this.#cluster.withTenant(request.resource.id, async (admin, names) => {
        const roles = await this.#cluster.loginRoles(admin, names);
        const current = roles.at(-1);
        if (!current) return refused("This add-on has no database credentials to rotate.");
        const made = roles.find((candidate) => candidate.madeBy === step.idempotencyKey)?.name;
        const role = made ?? names.loginRole(current.generation + 1);
        // One transaction: a crash leaves the new role whole (found by its key on the retry) or not at all.
        await inTransaction(admin, async () => {
          if (!made) {
            // The plan's limits, as the current credentials have them.
            const { rows } = await admin.query<{ rolconnlimit: number; temp_file_limit: string | null }>(
              `select rolconnlimit, (select substr(setting, 17) from unnest(rolconfig) as setting where starts_with(setting, 'temp_file_limit=')) as temp_file_limit
                 from pg_roles where rolname = $1`,
              [current.name],
            );
            await admin.query(
              `create role ${quoted(role)} login password ${literal(scramVerifier(this.#password(role)))} connection limit ${rows[0]?.rolconnlimit ?? -1}`,
            );
            if (rows[0]?.temp_file_limit) await admin.query(`alter role ${quoted(role)} set temp_file_limit = ${literal(rows[0].temp_file_limit)}`);
            await admin.query(`comment on role ${quoted(role)} is ${literal(step.idempotencyKey)}`);
          }
          await grantAccess(admin, names, role, { readOnly: current.readOnly });
        });
        return done(this.#config({ role, password: this.#password(role), database: names.database }));
      }),
    );
  }

  /**
   * The generations before the one Heroku has (made by the rotation `rotation_key` names, or
   * the newest without one) stop at `retire_at`: PostgreSQL refuses their passwords from then
   * on (`VALID UNTIL`), and maintenance ends their sessions and drops them soon after (which
   * also covers a cluster that trusts connections without a password). Later generations are
   * kept: a rotation that reached the cluster but was never recorded may be retried.
   */
  retireCredentials(request: RetireCredentialsRequest, step: RemoteStep): Promise<Answer<undefined>> {
    return answer(step.signal, () =>
      this.#cluster.withTenant(request.resource.id, async (admin, names) => {
        const retireAt = new Date(request.retire_at);
        const roles = await this.#cluster.loginRoles(admin, names);
        const kept = request.rotation_key ? roles.find((role) => role.madeBy === request.rotation_key) : roles.at(-1);
        // Ending credentials Heroku may hold would take the customer's apps down: nothing ends instead.
        if (!kept) return refused(`No credentials on the cluster were made by rotation ${request.rotation_key}, so none were retired.`);
        for (const role of roles.filter((candidate) => candidate.generation < kept.generation)) {
          if (role.validUntil && role.validUntil <= retireAt) continue;
          await admin.query(`alter role ${quoted(role.name)} valid until ${literal(retireAt.toISOString())}`);
        }
        return done(undefined);
      }),
    );
  }

  /**
   * Access ends at once (no credentials log in, open sessions are ended); the database stays for
   * the retention period, so a mistaken deprovision can be recovered, and is dropped by maintenance.
   */
  deleteTenant(herokuUuid: string, step: RemoteStep): Promise<Answer<undefined>> {
    return answer(step.signal, () =>
      this.#cluster.withTenant(resourceIdFor(herokuUuid), async (admin, names) => {
        const roles = await this.#cluster.loginRoles(admin, names);
        for (const role of roles) await admin.query(`alter role ${quoted(role.name)} nologin`);
        await this.#cluster.endSessions(
          admin,
          names.database,
          roles.map((role) => role.name),
        );
        return done(undefined);
      }),
    );
  }

  unlessRunning(pass: () => Promise<void>): Promise<boolean> {
    return this.#cluster.unlessRunning("maintenance", pass);
  }

  async listTenants(): Promise<ClusterTenant[]> {
    const [databases, roles] = await Promise.all([
      this.#cluster.query<{ datname: string; size: string; comment: string | null }>(
        "select datname, pg_database_size(oid) as size, shobj_description(oid, 'pg_database') as comment from pg_database where datname like $1",
        [tenantNamePattern],
      ),
      this.#cluster.query<{ rolname: string }>(
        "select rolname from pg_roles where rolname like $1 and shobj_description(oid, 'pg_authid') is distinct from $2",
        [tenantNamePattern, abandonedRole],
      ),
    ]);
    const tenants = new Map<string, ClusterTenant>();
    const tenant = (resourceId: string) =>
      tenants.get(resourceId) ?? tenants.set(resourceId, { resourceId, hasDatabase: false, sizeBytes: 0, access: "writable" }).get(resourceId)!;
    for (const { rolname } of roles.rows) {
      const resourceId = resourceIdOf(rolname);
      if (resourceId) tenant(resourceId);
    }
    for (const { datname, size, comment } of databases.rows) {
      const resourceId = resourceIdOf(datname);
      if (resourceId) Object.assign(tenant(resourceId), { hasDatabase: true, sizeBytes: Number(size), access: accessOf(comment) });
    }
    return [...tenants.values()];
  }

  storageQuotaBytes(limits: Record<string, number>): number {
    return storageQuotaBytes(databaseLimitsSchema.parse(limits));
  }

  setAccess(
    resourceId: string,
    from: DatabaseAccess,
    access: Exclude<DatabaseAccess, "switching">,
    limits: Record<string, number>,
  ): Promise<{ sizeBytes: number } | undefined> {
    return this.#cluster.withTenant(resourceId, async (admin, names) => {
      if ((await this.#access(admin, names.database)) !== from) return undefined;
      await switchAccess(this.#cluster, admin, names, access, databaseLimitsSchema.parse(limits));
      const { rows } = await admin.query<{ size: string }>("select pg_database_size($1) as size", [names.database]);
      return { sizeBytes: Number(rows[0]?.size ?? 0) };
    });
  }

  async dropTenant(resourceId: string, stillEnded: () => Promise<boolean>): Promise<{ dropped: boolean; leftBehind: string[] }> {
    return this.#cluster.withTenant(resourceId, async (admin, names) => {
      // Asked again under the tenant's lock: staff may have retried a failed provision meanwhile, whose steps wait for this lock.
      if (!(await stillEnded())) return { dropped: false, leftBehind: [] };
      await admin.query(`drop database if exists ${quoted(names.database)} with (force)`);
      const roles = [...(await this.#cluster.loginRoles(admin, names)).map((login) => login.name), names.readOnly, names.owner];
      return { dropped: true, leftBehind: await dropRoles(this.#cluster, admin, names, roles) };
    });
  }

  async retiredCredentials(): Promise<{ resourceId: string; role: string }[]> {
    const { rows } = await this.#cluster.query<{ rolname: string }>(
      "select rolname from pg_roles where rolname like $1 and rolvaliduntil < now() and shobj_description(oid, 'pg_authid') is distinct from $2",
      [tenantNamePattern, abandonedRole],
    );
    return rows.flatMap(({ rolname }) => {
      const resourceId = resourceIdOf(rolname);
      return resourceId ? [{ resourceId, role: rolname }] : [];
    });
  }

  endCredentials(resourceId: string, role: string): Promise<{ ended: boolean; leftBehind: string[] }> {
    return this.#cluster.withTenant(resourceId, async (admin, names) => {
      const roles = await this.#cluster.loginRoles(admin, names);
      // The current credentials never end here, whatever their validity says.
      if (roles.at(-1)?.name === role || !roles.some((login) => login.name === role)) return { ended: false, leftBehind: [] };
      await this.#cluster.endSessions(admin, names.database, [role]);
      return { ended: true, leftBehind: await dropRoles(this.#cluster, admin, names, [role]) };
    });
  }

  async #access(admin: pg.ClientBase, database: string): Promise<DatabaseAccess> {
    const { rows } = await admin.query<{ comment: string | null }>(
      "select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1",
      [database],
    );
    return accessOf(rows[0]?.comment ?? null);
  }

  end(): Promise<void> {
    return this.#cluster.end();
  }

  readonly #password = (role: string) => loginPassword(this.#options.passwordKey, role);

  #config(credentials: { role: string; password: string; database: string }): ConfigVars {
    return { [`${this.#options.configVarsPrefix}_URL`]: connectionUrl(this.#options.publicUrl, credentials) };
  }
}

function limitsOf(plan: ProductPlan): DatabaseLimits {
  // The configuration checked every plan's limits at start-up; a plan added since is caught here.
  const parsed = databaseLimitsSchema.safeParse(plan.limits);
  if (!parsed.success) throw new Error(`plan ${plan.slug} lacks the limits a database needs (connections, statementTimeoutSeconds, storageMegabytes)`);
  return parsed.data;
}

const megabytes = (bytes: number) => Math.ceil(bytes / (1024 * 1024));
const done = <T>(value: T) => ({ outcome: "done" as const, value });
const refused = (message: string) => ({ outcome: "refused" as const, message });

/**
 * Any failure (the cluster down or slow, a lock held too long) is unavailable: the caller tries
 * again, and every step can run again. A synchronous provision stops waiting at `signal`; the
 * work goes on and a retry finds it done.
 */
async function answer<T>(
  signal: AbortSignal | undefined,
  work: () => Promise<{ outcome: "done"; value: T } | { outcome: "refused"; message: string }>,
): Promise<Answer<T>> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const unavailable = (reason: string) => ({ outcome: "unavailable" as const, reason, status: null, ms: ms() });
  const attempt = work().then(
    (outcome) => ({ ...outcome, status: null, ms: ms() }),
    (error: unknown) => unavailable(`the database cluster failed: ${(error as Error).message}`),
  );
  if (!signal) return attempt;
  const abandoned = new Promise<Answer<T>>((resolve) => {
    const stop = () => resolve(unavailable("the database cluster did not finish in time; it goes on in the background"));
    if (signal.aborted) stop();
    else signal.addEventListener("abort", stop, { once: true });
  });
  return Promise.race([attempt, abandoned]);
}
