import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { MikroORM } from "@mikro-orm/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signedSsoForm } from "@addon-kit/contracts";
import { createStaffMember, schema } from "@addon-kit/domain";
import { openDatabase } from "@addon-kit/infrastructure";
import { HerokuDriver, buildFakeHeroku } from "@addon-kit/heroku/fake";
import { createIsolatedDatabase, freePort, testDatabaseUrl } from "@addon-kit/testing/database";
import { type ServiceProcess, runScript, waitForOutput } from "./testing/service-process.ts";
import { testConfig } from "./testing/test-app.ts";
import { temporaryDirectory } from "@addon-kit/testing/temporary-directory";

const script = (name: string) => fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
const clientSecret = "fake-heroku-scale-test-secret";
const consoleHeaders = { "x-addon-kit-console": "1", "content-type": "application/json" };

/** A call whose answer may be lost to a killed process: that is a connection error, not an answer. */
async function answered<T extends { status: number }>(call: () => Promise<T>): Promise<T | "connection error"> {
  try {
    return await call();
  } catch {
    return "connection error";
  }
}

// PGlite belongs to one process: several web and worker processes are the PostgreSQL setup.
describe.skipIf(!testDatabaseUrl())("two web and two worker processes on one PostgreSQL database", () => {
  let fake: Awaited<ReturnType<typeof buildFakeHeroku>>;
  let database: Awaited<ReturnType<typeof createIsolatedDatabase>>;
  let dataDir: string;
  let orm: MikroORM;
  const processes: ServiceProcess[] = [];

  beforeAll(async () => {
    fake = await buildFakeHeroku({ clientSecret });
    await fake.app.listen({ port: 0, host: "127.0.0.1" });
    database = await createIsolatedDatabase();
    dataDir = temporaryDirectory("scale");
  });
  afterAll(async () => {
    for (const process of processes) process.child.kill("SIGKILL");
    await Promise.all(processes.map((process) => process.exited));
    await orm?.close();
    await fake.app.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("stays correct under mixed traffic while a web and a worker process are killed", { timeout: 240_000 }, async () => {
    const fakeUrl = `http://127.0.0.1:${(fake.app.server.address() as { port: number }).port}`;
    const [portA, portB] = [await freePort(), await freePort()];
    const env = (port: number) => ({
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      // Heroku delivers webhooks to the web process that stays up.
      PUBLIC_URL: `http://127.0.0.1:${portB}`,
      HEROKU_API_URL: fakeUrl,
      HEROKU_ID_URL: fakeUrl,
      HEROKU_OAUTH_CLIENT_SECRET: clientSecret,
      JOBS_IN_PROCESS: "false",
      JOBS_POLL_SECONDS: "0.5",
      SSO_RATE_LIMIT_PER_MINUTE: "10000",
    });
    // All four start at once: their migrations take turns under the advisory lock.
    const [webA, webB, workerA, workerB] = [
      runScript(script("main"), [], env(portA)),
      runScript(script("main"), [], env(portB)),
      runScript(script("worker"), [], env(0)),
      runScript(script("worker"), [], env(0)),
    ];
    processes.push(webA, webB, workerA, workerB);
    const [urlA, urlB] = await Promise.all([webA, webB].map((web) => waitForOutput(web, /Server listening at (http:\/\/127\.0\.0\.1:\d+)/)));
    await Promise.all([workerA, workerB].map((worker) => waitForOutput(worker, /working jobs/)));
    const manifest = testConfig().manifest;
    const drivers = [urlA, urlB].map((addonUrl) => new HerokuDriver({ addonUrl: addonUrl ?? "", fakeUrl, manifest }));
    const [driverA, driverB] = drivers as [HerokuDriver, HerokuDriver];
    orm = await openDatabase({ kind: "postgresql", url: database.url ?? "" }, schema);
    await createStaffMember(orm.em, { email: "ops@staff.example", name: "Ops", role: "operator", password: "a-long-enough-password" }, "test");

    const statuses: (number | "connection error")[] = [];
    const record = async <T extends { status: number }>(call: () => Promise<T>) => {
      const result = await answered(call);
      statuses.push(result === "connection error" ? result : result.status);
      return result;
    };

    // Round one, both web processes up: provisions with concurrent replays through the other one.
    const asynchronous: Awaited<ReturnType<HerokuDriver["provision"]>>[] = [];
    for (let index = 0; index < 10; index++) {
      const first = await driverA.provision({ plan: "premium" });
      asynchronous.push(first);
      await Promise.all([record(() => driverB.repeatProvision(first.request)), record(() => driverA.repeatProvision(first.request))]);
    }
    const synchronous = [];
    for (let index = 0; index < 5; index++) synchronous.push(await driverB.provision({ plan: "basic" }));

    // One SSO click opens one session, whichever process it reaches first.
    const sso = signedSsoForm({ resourceId: synchronous[0]?.uuid ?? "", salt: manifest.api.sso_salt, userId: "u-1", email: "u@example.com" });
    const ssoStatuses = await Promise.all(
      [urlA, urlB, urlA, urlB].map((url) =>
        fetch(`${url}/sso/login`, { method: "POST", body: new URLSearchParams(sso), redirect: "manual" }).then((response) => response.status),
      ),
    );
    expect(ssoStatuses.filter((status) => status === 302)).toHaveLength(1);

    // Kill a web process and a worker in the middle of the work.
    const traffic = (async () => {
      for (const [index, resource] of synchronous.entries()) {
        const driver = drivers[index % 2] as HerokuDriver;
        await record(() => driver.changePlan(resource.uuid, "premium"));
        await record(() => driverB.attach(resource.uuid, { appName: `app-${index}`, name: "EXAMPLE" }).then(() => ({ status: 200 })));
        for (const url of [urlA, urlB]) {
          await record(() =>
            fetch(`${url}/trpc/session.signIn`, {
              method: "POST",
              headers: consoleHeaders,
              body: JSON.stringify({ email: "ops@staff.example", password: "a-long-enough-password" }),
            }),
          );
        }
        for (let more = 0; more < 2; more++) {
          const provision = await answered(() => driverB.provision({ plan: "premium" }));
          if (provision !== "connection error") asynchronous.push(provision);
        }
      }
    })();
    // Killed while Heroku's token endpoint is down, so that the jobs cut short are mid-call but
    // no grant exchange that Heroku completed is lost with its answer: a grant is single use, and
    // that one window (Heroku accepted, the answer never arrived) cannot be recovered by anyone.
    await driverB.outage({ seconds: 5, status: 503, path: "/oauth/token" });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    webA.child.kill("SIGKILL");
    workerA.child.kill("SIGKILL");
    await traffic;

    // Every asynchronous provision finishes, on the worker that is left.
    await vi.waitFor(
      async () => {
        for (const { uuid } of asynchronous) {
          const calls = fake.state.calls.filter((call) => call.addonId === uuid).map((call) => `${call.method} ${call.path} ${call.status}`);
          expect((await driverB.addon(uuid)).state, calls.join("\n")).toBe("provisioned");
        }
      },
      { timeout: 150_000, interval: 1_000 },
    );
    // A finish-provision cut short after Heroku accepted may repeat its (idempotent) calls, never skip one.
    for (const { uuid } of asynchronous) {
      const steps = fake.state.callLog(uuid);
      expect(steps.filter((step) => step === "POST /oauth/token")).toHaveLength(1);
      expect(steps.indexOf(`PATCH /addons/${uuid}/config`)).toBeGreaterThan(steps.indexOf("POST /oauth/token"));
      expect(steps.indexOf(`POST /addons/${uuid}/actions/provision`)).toBeGreaterThan(steps.indexOf(`PATCH /addons/${uuid}/config`));
    }

    const connection = orm.em.getConnection();
    expect(await connection.execute("select heroku_uuid from resources group by heroku_uuid having count(*) > 1")).toEqual([]);
    expect(await connection.execute("select count(*)::int as count from resources")).toEqual([{ count: asynchronous.length + synchronous.length }]);
    // No job lost or left hanging: the worker that is left finishes every one (a job of the killed worker after its heartbeat stops).
    await vi.waitFor(async () => expect(await connection.execute("select name, state from pgboss.job where state <> 'completed'")).toEqual([]), {
      timeout: 90_000,
      interval: 1_000,
    });
    expect(await connection.execute("select count(*)::int as count from pgboss.job where name = 'exchange-grant'")).toEqual([
      { count: asynchronous.length + synchronous.length },
    ]);

    const fiveHundreds = statuses.filter((status) => status !== "connection error" && status >= 500);
    expect(fiveHundreds).toEqual([]);
  });
});
