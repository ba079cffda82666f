import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  Resource,
  ResourceEvent,
  SecretBox,
  StorageWarning,
  isRemoteProvisioner,
  maintainTenantDatabases,
  resourceIdFor,
  rotateCredentials,
  tenantDatabasesOf,
} from "@addon-kit/domain";
import { provisionRequest } from "@addon-kit/testing/factories";
import { postgresServerUrl } from "@addon-kit/testing/postgres-server";
import { buildHerokuContext } from "../jobs/heroku-context.ts";
import { type HerokuHarness, startHerokuHarness } from "../testing/heroku-harness.ts";

/** The tenants' databases are made on the test server, whichever database addon-kit itself runs on. */
const clusterUrl = postgresServerUrl;

let heroku: HerokuHarness;
const warnings: string[] = [];
beforeAll(async () => {
  heroku = await startHerokuHarness({
    PROVISIONER: "postgres-database",
    TENANT_DATABASE_URL: clusterUrl,
    PLAN_CATALOG: "packages/postgres-database/plans.json",
    TENANT_DATABASE_RETENTION_HOURS: "0",
    TENANT_STORAGE_GRACE_MINUTES: "0",
  });
});
afterAll(async () => {
  const databases = tenantDatabasesOf(heroku.app.consoleServices.provisioner);
  for (const resource of await heroku.app.orm.em.fork().find(Resource, {})) await databases?.dropTenant(resource.id, async () => true);
  await heroku.close();
});

const settles = { timeout: 30_000, interval: 200 };

/** One maintenance pass, as the scheduled job runs it, with what it reports to the log kept. */
function maintain() {
  const context = buildHerokuContext(heroku.config, {
    orm: heroku.app.orm,
    jobs: heroku.app.jobs,
    provisioner: heroku.app.consoleServices.provisioner,
    secrets: new SecretBox(heroku.config.encryptionKey),
    eventSink: undefined,
    log: { info: (_detail, message) => warnings.push(message), warn: (_detail, message) => warnings.push(message) },
  });
  return maintainTenantDatabases(context);
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  return client;
}

async function databaseUrl(uuid: string): Promise<string> {
  const url = (await heroku.driver.addon(uuid)).config.EXAMPLE_METRICS_URL;
  if (!url) throw new Error(`${uuid} has no EXAMPLE_METRICS_URL`);
  return url;
}

const eventTypes = async (uuid: string) => {
  const resource = await heroku.app.orm.em.fork().findOneOrFail(Resource, { herokuUuid: uuid });
  return (await heroku.app.orm.em.fork().find(ResourceEvent, { resource }, { orderBy: { id: "asc" } })).map((event) => event.type);
};

const denied = (client: pg.Client, sql: string) =>
  client.query(sql).then(
    () => undefined,
    (error: { code?: string }) => error.code,
  );

/** A database on the test plan (10 MB, with an empty database at about 7.5 MB) filled past its quota by its app. */
async function overQuota(): Promise<{ uuid: string; url: string }> {
  const { uuid } = await heroku.driver.provision({ plan: "test" });
  const url = await databaseUrl(uuid);
  const client = await connect(url);
  await client.query("create table filler as select g, md5(g::text) as hash from generate_series(1, 60000) g");
  await client.end();
  return { uuid, url };
}

/** Grows a tenant's database by about 20 MB as the administrator, as only an escape from read-only could. */
async function growPastReadOnly(url: string): Promise<void> {
  const asAdministrator = new URL(clusterUrl);
  asAdministrator.pathname = new URL(url).pathname;
  const admin = await connect(asAdministrator.toString());
  await admin.query("insert into filler select g, repeat(md5(g::text), 4) from generate_series(1, 150000) g");
  await admin.end();
}

describe("selling a PostgreSQL database per resource", { timeout: 90_000 }, () => {
  it("provisions synchronously with a URL that connects, and asynchronously through Heroku's background steps", async () => {
    const sync = await heroku.driver.provision({ plan: "test" });
    expect(sync.status).toBe(200);
    const client = await connect(await databaseUrl(sync.uuid));
    await client.query("create table widgets (id int)");
    await client.end();

    const background = await heroku.driver.provision({ plan: "premium" });
    expect(background.status).toBe(202);
    await vi.waitFor(async () => expect((await heroku.driver.addon(background.uuid)).state).toBe("provisioned"), settles);
    const later = await connect(await databaseUrl(background.uuid));
    const { rows } = await later.query("select current_setting('statement_timeout') as timeout");
    expect(rows).toEqual([{ timeout: "5min" }]);
    await later.end();
  });

  it("warns, then makes a database over its quota read-only, and an upgrade makes it writable at once", async () => {
    const { uuid } = await overQuota();

    // Two passes at once, as two processes' workers could run them: one skips its turn, and the warning is given once.
    await Promise.all([maintain(), maintain()]);
    const types = await eventTypes(uuid);
    expect(types.filter((type) => type === "storage_quota_exceeded")).toHaveLength(1);
    expect(types.filter((type) => type === "database_read_only")).toHaveLength(1);
    const readOnly = await connect(await databaseUrl(uuid));
    expect(await denied(readOnly, "insert into filler values (0, 'x')")).toBe("42501");
    expect((await readOnly.query("select count(*)::int as count from filler")).rows).toEqual([{ count: 60000 }]);
    await readOnly.end();

    await heroku.driver.changePlan(uuid, "basic");
    const writable = await connect(await databaseUrl(uuid));
    await writable.query("insert into filler values (0, 'x')");
    await writable.end();
    await maintain();
    const resource = await heroku.app.orm.em.fork().findOneOrFail(Resource, { herokuUuid: uuid });
    expect(await heroku.app.orm.em.fork().count(StorageWarning, { resourceId: resource.id })).toBe(0);
  });

  it("locks a read-only database that grows anyway (its tenant found a way around the privileges) until an upgrade", async () => {
    const { uuid, url } = await overQuota();
    await maintain();
    expect(await eventTypes(uuid)).toContain("database_read_only");

    // The escape, played by the administrator: 20 MB more, past what read-only allows for (16 MB).
    await growPastReadOnly(url);
    await maintain();
    expect(await eventTypes(uuid)).toContain("database_locked");
    expect(
      await connect(url).then(
        (session) => session.end(),
        (error: { code?: string }) => error.code,
      ),
    ).toBe("53300");
    // Another pass keeps it locked, and says nothing more.
    await maintain();
    expect((await eventTypes(uuid)).filter((type) => type === "database_locked")).toHaveLength(1);

    await heroku.driver.changePlan(uuid, "basic");
    const writable = await connect(url);
    await writable.query("insert into filler values (0, 'x')");
    await writable.end();
  });

  it("warns afresh, and never locks, a database made writable since by a plan change that it outgrows again", async () => {
    const { uuid, url } = await overQuota();
    await maintain();
    const resource = await heroku.app.orm.em.fork().findOneOrFail(Resource, { herokuUuid: uuid }, { populate: ["plan"] });
    // As a plan change lifting it would, before addon-kit has recorded the new plan; then it grows well past its old size.
    const databases = tenantDatabasesOf(heroku.app.consoleServices.provisioner);
    await databases?.setAccess(resource.id, "read-only", "writable", resource.plan.limits);
    await growPastReadOnly(url);

    await maintain();
    const types = await eventTypes(uuid);
    expect(types.filter((type) => type === "storage_quota_exceeded")).toHaveLength(2);
    expect(types).not.toContain("database_locked");
  });

  it("refuses a downgrade the data does not fit, with the reason in Heroku's answer", async () => {
    const { uuid } = await heroku.driver.provision({ plan: "basic" });
    const client = await connect(await databaseUrl(uuid));
    await client.query("create table filler as select g, md5(g::text) as hash from generate_series(1, 60000) g");
    await client.end();
    const answer = await heroku.driver.changePlan(uuid, "test");
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({ message: expect.stringMatching(/^The database holds \d+ MB, more than the 10 MB of plan Test\./) });
  });

  it("rotates to new credentials and retires the old once Heroku has the new URL", async () => {
    const { uuid } = await heroku.driver.provision({ plan: "test" });
    const oldUrl = await databaseUrl(uuid);
    const resource = await heroku.app.orm.em.fork().findOneOrFail(Resource, { herokuUuid: uuid });
    await vi.waitFor(async () => expect(await eventTypes(uuid)).toContain("grant_exchanged"), settles);
    await rotateCredentials(heroku.app.consoleServices, resource.id, { staffEmail: "support@example.com", graceSeconds: 300 });

    await vi.waitFor(async () => expect(await databaseUrl(uuid)).not.toBe(oldUrl), settles);
    await (await connect(await databaseUrl(uuid))).end();
    await vi.waitFor(async () => expect(await eventTypes(uuid)).toContain("credentials_retired"), settles);
    const admin = await connect(clusterUrl);
    const { rows } = await admin.query<{ until: Date }>("select rolvaliduntil as until from pg_roles where rolname = $1", [new URL(oldUrl).username]);
    await admin.end();
    expect(rows[0]?.until.getTime()).toBeGreaterThan(Date.now() + 250_000);
    // Still inside its grace: the old credentials work.
    await (await connect(oldUrl)).end();
  });

  it("ends access at deprovision and drops the database once the retention is over", async () => {
    const { uuid } = await heroku.driver.provision({ plan: "test" });
    const url = await databaseUrl(uuid);
    await heroku.driver.deprovision(uuid);
    await vi.waitFor(async () => expect(await eventTypes(uuid)).toContain("tenant_deleted"), settles);
    await expect(connect(url)).rejects.toMatchObject({ code: "28000" });

    await maintain();
    expect(await eventTypes(uuid)).toContain("database_dropped");
    const admin = await connect(clusterUrl);
    const { rows } = await admin.query("select 1 from pg_database where datname = $1", [new URL(url).pathname.slice(1)]);
    await admin.end();
    expect(rows).toEqual([]);
  });

  it("reports a database on the cluster that no resource knows, and leaves it for staff", async () => {
    const provisioner = heroku.app.consoleServices.provisioner;
    if (!isRemoteProvisioner(provisioner)) throw new Error("expected the database provisioner");
    const request = provisionRequest();
    const resource = {
      id: resourceIdFor(request.uuid),
      heroku_uuid: request.uuid,
      name: "stray",
      plan: "test",
      region: "us",
      state: "provisioning" as const,
      options: {},
    };
    const plan = { slug: "test", name: "Test", limits: { connections: 2, statementTimeoutSeconds: 1, storageMegabytes: 10 } };
    const made = await provisioner.createTenant({ resource, plan }, { idempotencyKey: `${request.uuid}:provision` });
    try {
      expect(made.outcome).toBe("done");
      await maintain();
      expect(warnings).toContain("a tenant database on the cluster belongs to no resource; left for staff to inspect");
      expect(await tenantDatabasesOf(provisioner)?.listTenants()).toContainEqual(expect.objectContaining({ resourceId: resource.id, hasDatabase: true }));
    } finally {
      await tenantDatabasesOf(provisioner)?.dropTenant(resource.id, async () => true);
    }
  });
});
