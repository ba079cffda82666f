import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { describe, expect, it } from "vitest";
import type { ConfigVars, CreateTenantRequest, ProductAnswer } from "@addon-kit/contracts";
import { PostgresDatabaseProvisioner } from "./postgres-database-provisioner.ts";
import { TenantCluster } from "./tenant-cluster.ts";
import { tenantNames } from "./tenant-names.ts";
import { connectAs, connectError, sessionEnding, useTestProvisioner } from "./testing/test-cluster.ts";
import { adminUrl, testPlan } from "./testing/test-plan.ts";

const { provisioner, cluster, request } = useTestProvisioner();

const provisionKey = (request: CreateTenantRequest) => `${request.resource.heroku_uuid}:provision`;

/** What the maintenance pass does with retired credentials. */
async function endRetired(): Promise<void> {
  for (const { resourceId, role } of await provisioner.retiredCredentials()) await provisioner.endCredentials(resourceId, role);
}

const limits = testPlan().limits;

function valueOf<T>(answer: ProductAnswer<T>): T {
  if (answer.outcome !== "done") throw new Error(`expected done, got ${JSON.stringify(answer)}`);
  return answer.value;
}

async function provisioned(plan = testPlan()) {
  const created = request(plan);
  const config = valueOf(await provisioner.createTenant(created, { idempotencyKey: provisionKey(created) }));
  return { request: created, url: urlOf(config), names: tenantNames(created.resource.id) };
}

const urlOf = (config: ConfigVars | undefined) => {
  const url = config?.EXAMPLE_DB_URL;
  if (!url) throw new Error(`no EXAMPLE_DB_URL in ${JSON.stringify(config)}`);
  return url;
};

async function roleNames(names: ReturnType<typeof tenantNames>): Promise<string[]> {
  const { rows } = await cluster.query<{ rolname: string }>("select rolname from pg_roles where starts_with(rolname, $1) order by rolname", [names.owner]);
  return rows.map((row) => row.rolname);
}

/** How the client reports a session the server ended (pg-node reports the FATAL 57P01 or only the closed socket). */
const sessionEnded = /^(57P01|Connection terminated unexpectedly)$/;

/** PostgreSQL's SQLSTATE for a failed statement, or the client's message when there is none. */
const failureCode = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: { code?: string; message: string }) => error.code ?? error.message,
  );

describe("a database per resource", () => {
  it("answers a URL at the public address that reaches a database of its own, where the app can make tables", async () => {
    const { url, names } = await provisioned();
    expect(new URL(url)).toMatchObject({ protocol: "postgres:", host: new URL(adminUrl).host, pathname: `/${names.database}`, username: names.loginRole(1) });
    const client = await connectAs(url);
    await client.query("create table notes (id serial primary key, body text)");
    await client.query("insert into notes (body) values ('hello')");
    const { rows } = await client.query(
      "select current_database() as database, current_user as acting_as, (select tableowner from pg_tables where tablename = 'notes') as owner",
    );
    // Tables belong to the owner role, not to one generation of credentials.
    expect(rows[0]).toEqual({ database: names.database, acting_as: names.owner, owner: names.owner });
  });

  it("grants PUBLIC nothing: another tenant's credentials cannot connect to it, nor create in its schema", async () => {
    const first = await provisioned();
    const second = await provisioned();
    const intruder = new URL(second.url);
    intruder.pathname = `/${first.names.database}`;
    expect(await connectError(intruder.toString())).toBe("42501");
    const { rows } = await cluster.query("select has_database_privilege('public', $1, 'connect') as connect", [first.names.database]);
    expect(rows[0]).toEqual({ connect: false });
    const own = await connectAs(first.url);
    expect((await own.query("select has_schema_privilege('public', 'public', 'create') as create")).rows).toEqual([{ create: false }]);
  });

  it("keeps the database's limits and existence out of the tenant's hands", async () => {
    const { url, names } = await provisioned();
    const tenant = await connectAs(url);
    const database = pg.escapeIdentifier(names.database);
    expect(await failureCode(tenant.query(`alter database ${database} connection limit -1`))).toBe("42501");
    expect(await failureCode(tenant.query(`alter database ${database} set statement_timeout = 0`))).toBe("42501");
    expect(await failureCode(tenant.query(`alter role current_user connection limit -1`))).toBe("42501");
    expect(await failureCode(tenant.query(`drop database ${database}`))).toBe("42501");
  });

  it("gives one database and the same credentials to replays and to racing copies of one provision", async () => {
    const created = request();
    const step = { idempotencyKey: provisionKey(created) };
    const answers = await Promise.all([1, 2, 3].map(() => provisioner.createTenant(created, step)));
    const again = await provisioner.createTenant(created, step);
    const urls = new Set([...answers, again].map((answer) => urlOf(valueOf(answer))));
    expect(urls.size).toBe(1);
    const names = tenantNames(created.resource.id);
    expect(await roleNames(names)).toEqual([names.owner, names.loginRole(1), names.readOnly].sort());
    const { rows } = await cluster.query("select count(*)::int as count from pg_database where datname = $1", [names.database]);
    expect(rows[0]).toEqual({ count: 1 });
    await connectAs([...urls][0] as string);
  });

  it("holds the plan's connection limit and statement timeout", async () => {
    const { url } = await provisioned(testPlan({ connections: 2, statementTimeoutSeconds: 0.5 }));
    const first = await connectAs(url);
    await connectAs(url);
    expect(await connectError(url)).toBe("53300");
    expect(await failureCode(first.query("select pg_sleep(2)"))).toBe("57014");
    // Temporary files count too: each of the 2 sessions may spill half the 100 MB quota.
    expect((await first.query("show temp_file_limit")).rows).toEqual([{ temp_file_limit: "50MB" }]);
    expect(await failureCode(first.query("set temp_file_limit = -1"))).toBe("42501");
  });

  it("applies a new plan's limits in place, and refuses a plan the data does not fit, in words for the customer", async () => {
    const { request: created, url } = await provisioned(testPlan({ connections: 1 }));
    const writer = await connectAs(url);
    expect(await connectError(url)).toBe("53300");
    const upgrade = { resource: created.resource, plan: testPlan({ connections: 3 }), previous_plan: created.plan };
    expect(await provisioner.changePlan(upgrade, { idempotencyKey: "upgrade" })).toMatchObject({ outcome: "done", value: undefined });
    await connectAs(url);

    await writer.query("create table filler as select g, md5(g::text) as hash from generate_series(1, 20000) g");
    const tiny = { resource: created.resource, plan: { ...testPlan({ storageMegabytes: 1 }), name: "Tiny" }, previous_plan: upgrade.plan };
    const refusal = await provisioner.changePlan(tiny, { idempotencyKey: "downgrade" });
    expect(refusal).toMatchObject({ outcome: "refused" });
    expect(refusal.outcome === "refused" && refusal.message).toMatch(
      /^The database holds \d+ MB, more than the 1 MB of plan Tiny\. Make it smaller first \(DELETE frees space only for reuse; TRUNCATE, DROP or VACUUM FULL give it back\), or choose a larger plan\.$/,
    );
  });

  it("answers unavailable, to be tried again, when the cluster cannot be reached", async () => {
    const down = new PostgresDatabaseProvisioner({
      cluster: new TenantCluster("postgres://postgres@127.0.0.1:9/postgres"),
      publicUrl: new URL("postgres://127.0.0.1:9"),
      configVarsPrefix: "EXAMPLE_DB",
      passwordKey: Buffer.alloc(32),
      syncProvisionWaitMs: 1_000,
      policy: { retentionMs: 0, storageGraceMs: 0 },
    });
    const created = request();
    expect(await down.createTenant(created, { idempotencyKey: provisionKey(created) })).toMatchObject({
      outcome: "unavailable",
      reason: expect.stringMatching(/^the database cluster failed/),
    });
    await down.end();
  });

  it("stops waiting when a synchronous provision's time is up, and the work it started is there for the retry", async () => {
    const created = request();
    const step = { idempotencyKey: provisionKey(created) };
    expect(await provisioner.createTenant(created, { ...step, signal: AbortSignal.abort() })).toMatchObject({ outcome: "unavailable" });
    const { url } = { url: urlOf(valueOf(await provisioner.createTenant(created, step))) };
    await connectAs(url);
  });
});

describe("rotating credentials", () => {
  it("adds credentials beside the old, which work until retired, then end with their sessions", async () => {
    const { request: created, url: oldUrl, names } = await provisioned();
    const oldSession = await connectAs(oldUrl);
    await oldSession.query("create table kept (id int)");
    const rotation = { idempotencyKey: `${created.resource.heroku_uuid}:rotation:1` };
    const newUrl = urlOf(valueOf(await provisioner.rotateCredentials({ resource: created.resource }, rotation)));
    expect(new URL(newUrl).username).toBe(names.loginRole(2));
    // A replay of the rotation gives the same credentials, not a third generation.
    expect(urlOf(valueOf(await provisioner.rotateCredentials({ resource: created.resource }, rotation)))).toBe(newUrl);

    const newSession = await connectAs(newUrl);
    await newSession.query("insert into kept values (1)");
    expect(await connectError(oldUrl)).toBeUndefined();

    const retireAt = new Date(Date.now() + 1_500);
    const retirement = { resource: created.resource, retire_at: retireAt.toISOString(), grace_seconds: 1 };
    expect(await provisioner.retireCredentials(retirement, { idempotencyKey: "retire" })).toMatchObject({ outcome: "done" });
    // PostgreSQL itself refuses the old password from then on (on a cluster that asks for one).
    const { rows } = await cluster.query<{ rolvaliduntil: Date | null; rolname: string }>(
      "select rolname, rolvaliduntil from pg_roles where rolname = any($1) order by rolname",
      [[names.loginRole(1), names.loginRole(2)]],
    );
    expect(rows.map((row) => row.rolvaliduntil?.getTime() ?? null)).toEqual([retireAt.getTime(), null]);

    // Asserted by what is left rather than by what this call ended: another process's maintenance may end it first.
    await endRetired();
    expect(await roleNames(names)).toContain(names.loginRole(1));
    await sleep(retireAt.getTime() - Date.now() + 100);
    await endRetired();
    expect(await roleNames(names)).not.toContain(names.loginRole(1));
    expect(await sessionEnding(oldSession)).toMatch(sessionEnded);
    expect(await connectError(oldUrl)).toBe("28000");
    expect((await newSession.query("select count(*)::int as count from kept")).rows).toEqual([{ count: 1 }]);
  });

  it("never ends the current credentials, even past a validity an administrator gave them", async () => {
    const { url, names } = await provisioned();
    await cluster.query(`alter role ${pg.escapeIdentifier(names.loginRole(1))} valid until '2000-01-01'`);
    await endRetired();
    expect(await roleNames(names)).toContain(names.loginRole(1));
    await cluster.query(`alter role ${pg.escapeIdentifier(names.loginRole(1))} valid until 'infinity'`);
    await connectAs(url);
  });

  it("keeps the credentials Heroku has, and any a later unrecorded rotation made, when retiring", async () => {
    const { request: created, names } = await provisioned();
    const recorded = { idempotencyKey: `${created.resource.heroku_uuid}:rotation:1` };
    const recordedUrl = urlOf(valueOf(await provisioner.rotateCredentials({ resource: created.resource }, recorded)));
    // A second rotation reached the cluster, but its answer was never recorded: Heroku has the first's URL.
    valueOf(await provisioner.rotateCredentials({ resource: created.resource }, { idempotencyKey: `${created.resource.heroku_uuid}:rotation:2` }));
    const retirement = { resource: created.resource, retire_at: new Date(Date.now() - 1000).toISOString(), grace_seconds: 0 };
    valueOf(await provisioner.retireCredentials({ ...retirement, rotation_key: recorded.idempotencyKey }, { idempotencyKey: "retire" }));
    await endRetired();
    expect(await roleNames(names)).toEqual([names.owner, names.loginRole(2), names.loginRole(3), names.readOnly].sort());
    await connectAs(recordedUrl);

    // A rotation the cluster does not know of ends nothing.
    const unknown = await provisioner.retireCredentials({ ...retirement, rotation_key: "elsewhere" }, { idempotencyKey: "retire again" });
    expect(unknown).toMatchObject({ outcome: "refused", message: "No credentials on the cluster were made by rotation elsewhere, so none were retired." });
    expect(await provisioner.retiredCredentials()).not.toContainEqual(expect.objectContaining({ resourceId: created.resource.id }));
  });
});

describe("deprovisioning and retention", () => {
  it("ends access at once and keeps the database until it is dropped, roles and all", async () => {
    const { request: created, url, names } = await provisioned();
    const session = await connectAs(url);
    await session.query("create table precious (id int)");
    expect(await provisioner.deleteTenant(created.resource.heroku_uuid, { idempotencyKey: "deprovision" })).toMatchObject({ outcome: "done" });
    expect(await sessionEnding(session)).toMatch(sessionEnded);
    expect(await connectError(url)).toBe("28000");
    expect(await provisioner.listTenants()).toContainEqual(expect.objectContaining({ resourceId: created.resource.id, hasDatabase: true }));

    expect(await provisioner.dropTenant(created.resource.id, async () => true)).toEqual({ dropped: true, leftBehind: [] });
    expect(await provisioner.listTenants()).not.toContainEqual(expect.objectContaining({ resourceId: created.resource.id }));
    expect(await roleNames(names)).toEqual([]);
  });
});

describe("the storage quota", () => {
  it("turns the database read-only (reads, deletes and truncation still work) and back to writable", async () => {
    const { request: created, url, names } = await provisioned();
    const session = await connectAs(url);
    await session.query("create table events as select g as id from generate_series(1, 100) g");
    await provisioner.setAccess(created.resource.id, "writable", "read-only", limits);
    expect(await sessionEnding(session)).toMatch(sessionEnded);
    expect(await provisioner.listTenants()).toContainEqual(expect.objectContaining({ resourceId: created.resource.id, access: "read-only" }));

    const readOnly = await connectAs(url);
    expect((await readOnly.query("select count(*)::int as count from events")).rows).toEqual([{ count: 100 }]);
    expect(await failureCode(readOnly.query("insert into events values (101)"))).toBe("42501");
    expect(await failureCode(readOnly.query("create table more (id int)"))).toBe("42501");
    await readOnly.query("delete from events where id > 50");
    await readOnly.query("truncate events");

    await provisioner.setAccess(created.resource.id, "read-only", "writable", limits);
    expect(await provisioner.listTenants()).toContainEqual(expect.objectContaining({ resourceId: created.resource.id, access: "writable" }));
    const writable = await connectAs(url);
    await writable.query("insert into events values (1)");
    expect((await writable.query("select current_user as acting_as")).rows).toEqual([{ acting_as: names.owner }]);
  });

  it("leaves no way to write that a tenant prepared while it was writable", async () => {
    const { request: created, url, names } = await provisioned();
    const [login, readOnlyRole] = [pg.escapeIdentifier(names.loginRole(1)), pg.escapeIdentifier(names.readOnly)];
    const preparing = await connectAs(url);
    await preparing.query(`
      create table notes (id int primary key, body text default 'x');
      create table shadow (id int);
      grant insert, update on notes to public;
      grant insert on notes to ${readOnlyRole};
      grant insert, update on notes to ${login};
      grant create on schema public to ${login}, ${readOnlyRole};
      create schema open;
      grant usage, create on schema open to public;
      grant insert on shadow to ${login} with grant option;
      set role none;
      grant insert on shadow to public, ${readOnlyRole};
      reset role;
      create rule copy_on_delete as on delete to notes do also insert into shadow values (old.id);
      create table parents (id int primary key default 0);
      insert into parents values (0), (1);
      create table children (parent int default 0 references parents on delete set default);
      insert into children values (1);
      create function sneak() returns void security definer language sql as 'insert into shadow values (0)';
      create sequence counter;
      grant usage on sequence counter to public;
      select lo_from_bytea(4242000 + (random() * 1000)::int, 'x') as lo;
    `);
    const { rows } = await preparing.query<{ oid: number }>("select oid::int from pg_largeobject_metadata");
    await preparing.query(`grant select, update on large object ${rows[0]?.oid} to public`);
    await provisioner.setAccess(created.resource.id, "writable", "read-only", limits);

    const tenant = await connectAs(url);
    const attempts = {
      "a grant to PUBLIC": "insert into notes values (1)",
      "a grant to the read-only role": "insert into notes (id) values (2)",
      "a grant to the login role itself": "set role none; insert into notes values (3)",
      "a grant passed on with a grant option": "insert into shadow values (3)",
      "a schema the login role may create in": "set role none; create table public.more (id int)",
      "a schema PUBLIC may create in": "reset role; create table open.more (id int)",
      "a rule acting as the owner": "delete from notes",
      "a foreign key's action acting as the owner": "delete from parents where id = 1",
      "a function running as its owner": "select sneak()",
      "a sequence": "select nextval('counter')",
      "a large object": `select lo_put(${rows[0]?.oid}, 0, 'y')`,
      "a new large object": "select lo_create(0)",
      "a temporary table": "create temporary table scratch (id int)",
    };
    const outcomes: Record<string, string | undefined> = {};
    for (const [way, sql] of Object.entries(attempts)) outcomes[way] = await failureCode(tenant.query(sql));
    expect(outcomes).toEqual(Object.fromEntries(Object.keys(attempts).map((way) => [way, "42501"])));
    expect((await tenant.query("select count(*)::int as count from shadow")).rows).toEqual([{ count: 0 }]);

    // Writable again, the owner has its rights back; the grants to PUBLIC are not restored.
    await provisioner.setAccess(created.resource.id, "read-only", "writable", limits);
    const writable = await connectAs(url);
    await writable.query("insert into notes values (4); delete from parents where id = 1; select sneak(), nextval('counter')");
    expect((await writable.query("select has_table_privilege('public', 'notes', 'insert') as public_insert")).rows).toEqual([{ public_insert: false }]);
  });

  it("switches even while the tenant holds its tables locked, under the plan's statement timeout", async () => {
    const { request: created, url } = await provisioned(testPlan({ statementTimeoutSeconds: 1 }));
    const holder = await connectAs(url);
    await holder.query("create table busy (id int)");
    await holder.query("begin; lock table busy in access exclusive mode");
    await provisioner.setAccess(created.resource.id, "writable", "read-only", limits);
    expect(await sessionEnding(holder)).toMatch(sessionEnded);
    expect(await failureCode((await connectAs(url)).query("insert into busy values (1)"))).toBe("42501");
  });

  it("finishes a switch a crash interrupted: the database stays marked until the switch is whole", async () => {
    const { request: created, url, names } = await provisioned();
    await cluster.query(`comment on database ${pg.escapeIdentifier(names.database)} is 'addon-kit: switching'`);
    await cluster.query(`alter database ${pg.escapeIdentifier(names.database)} connection limit 0`);
    expect(await provisioner.listTenants()).toContainEqual(expect.objectContaining({ resourceId: created.resource.id, access: "switching" }));
    const larger = { resource: created.resource, plan: testPlan({ storageMegabytes: 200 }), previous_plan: created.plan };
    expect(await provisioner.changePlan(larger, { idempotencyKey: "upgrade" })).toMatchObject({ outcome: "done" });
    expect(await provisioner.listTenants()).toContainEqual(expect.objectContaining({ resourceId: created.resource.id, access: "writable" }));
    await (await connectAs(url)).query("create table fresh (id int)");
  });

  it("switches only from the access the caller saw, and answers the size once switched", async () => {
    const { request: created, names } = await provisioned();
    expect(await provisioner.setAccess(created.resource.id, "read-only", "locked", limits)).toBeUndefined();
    expect(await provisioner.listTenants()).toContainEqual(expect.objectContaining({ resourceId: created.resource.id, access: "writable" }));
    const switched = await provisioner.setAccess(created.resource.id, "writable", "read-only", limits);
    const { rows } = await cluster.query<{ size: string }>("select pg_database_size($1) as size", [names.database]);
    expect(switched).toEqual({ sizeBytes: Number(rows[0]?.size) });
  });

  it("lifts the read-only state at once on a plan change that fits the data", async () => {
    const { request: created, url } = await provisioned();
    await provisioner.setAccess(created.resource.id, "writable", "read-only", limits);
    const larger = { resource: created.resource, plan: testPlan({ storageMegabytes: 200 }), previous_plan: created.plan };
    expect(await provisioner.changePlan(larger, { idempotencyKey: "upgrade" })).toMatchObject({ outcome: "done" });
    await (await connectAs(url)).query("create table fresh (id int)");
  });

  it("keeps a rotation's new credentials read-only while the database is, within the plan's limits", async () => {
    const { request: created } = await provisioned();
    await provisioner.setAccess(created.resource.id, "writable", "read-only", limits);
    const url = urlOf(
      valueOf(await provisioner.rotateCredentials({ resource: created.resource }, { idempotencyKey: `${created.resource.heroku_uuid}:rotation:1` })),
    );
    const rotated = await connectAs(url);
    expect(await failureCode(rotated.query("create table sneaky (id int)"))).toBe("42501");
    // And held to the plan's limits as the old ones were.
    expect((await rotated.query("show temp_file_limit")).rows).toEqual([{ temp_file_limit: "20MB" }]);
  });
});

describe("one tenant against another", () => {
  it("cannot stop another's retired credentials from ending, nor its database from being dropped, by granting them something or locking", async () => {
    const victim = await provisioned();
    const rotation = { idempotencyKey: `${victim.request.resource.heroku_uuid}:rotation:1` };
    valueOf(await provisioner.rotateCredentials({ resource: victim.request.resource }, rotation));
    // The victim's old credentials passed on a right they held with a grant option: DROP OWNED alone leaves that behind.
    const own = await connectAs(victim.url);
    await own.query(`create table passed (id int); grant insert on passed to ${pg.escapeIdentifier(victim.names.loginRole(1))} with grant option`);
    await own.query(`set role none; grant insert on passed to ${pg.escapeIdentifier(victim.names.loginRole(2))}`);
    const retirement = { resource: victim.request.resource, retire_at: new Date(Date.now() - 1000).toISOString(), grace_seconds: 0 };
    valueOf(await provisioner.retireCredentials(retirement, { idempotencyKey: "retire" }));

    const attacker = await provisioned();
    const session = await connectAs(attacker.url);
    await session.query("create table bait (id int)");
    for (const role of [victim.names.loginRole(1), victim.names.owner, victim.names.readOnly]) {
      await session.query(`grant select on bait to ${pg.escapeIdentifier(role)}`);
    }
    await session.query(`alter default privileges grant select on tables to ${pg.escapeIdentifier(victim.names.owner)}`);
    // A grant made by the attacker's own login role, through a grant option of its own: DROP OWNED, acting as the table's owner, cannot take it.
    await session.query(`grant select on bait to ${pg.escapeIdentifier(attacker.names.loginRole(1))} with grant option`);
    await session.query(`set role none; grant select on bait to ${pg.escapeIdentifier(victim.names.loginRole(1))}; reset role`);
    // A policy naming the victim's role, on a table the attacker keeps locked: DROP OWNED would wait for the lock.
    await session.query(`create policy trap on bait to ${pg.escapeIdentifier(victim.names.loginRole(1))} using (true)`);
    const locker = await connectAs(attacker.url);
    await locker.query("begin; lock table bait in access exclusive mode");

    const started = Date.now();
    await endRetired();
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await sessionEnding(locker)).toMatch(sessionEnded);
    // That role is left behind, harmless: no login, no one to act as, and no longer retried.
    const { rows: left } = await cluster.query(
      "select rolcanlogin as login, (select count(*)::int from pg_auth_members where member = r.oid) as memberships from pg_roles r where rolname = $1",
      [victim.names.loginRole(1)],
    );
    expect(left).toEqual([{ login: false, memberships: 0 }]);
    expect(await provisioner.retiredCredentials()).not.toContainEqual(expect.objectContaining({ resourceId: victim.request.resource.id }));
    expect(await provisioner.dropTenant(victim.request.resource.id, async () => true)).toEqual({ dropped: true, leftBehind: [] });
    expect(await provisioner.listTenants()).not.toContainEqual(expect.objectContaining({ resourceId: victim.request.resource.id }));
    expect(await roleNames(victim.names)).toEqual([victim.names.loginRole(1)]);
    // The attacker's own database is untouched.
    expect((await session.query("select count(*)::int as count from bait")).rows).toEqual([{ count: 0 }]);
    // Once the attacker's database is gone, so is what kept the role.
    await provisioner.dropTenant(attacker.request.resource.id, async () => true);
    await cluster.query(`drop role ${pg.escapeIdentifier(victim.names.loginRole(1))}`);
  });

  it("does not drop a database whose resource came back while the drop waited", async () => {
    const { request: created } = await provisioned();
    expect(await provisioner.dropTenant(created.resource.id, async () => false)).toEqual({ dropped: false, leftBehind: [] });
    expect(await provisioner.listTenants()).toContainEqual(expect.objectContaining({ resourceId: created.resource.id, hasDatabase: true }));
  });
});
