import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createIsolatedDatabase, freePort, testDatabaseUrl } from "@addon-kit/testing/database";
import { launchChromium } from "@addon-kit/testing/browser";
import { repositoryRoot } from "@addon-kit/testing/repository";
import { type ServiceProcess, runScript, runToEnd, waitForOutput } from "./testing/service-process.ts";
import { temporaryDirectory } from "@addon-kit/testing/temporary-directory";

const mainScript = fileURLToPath(new URL("./main.ts", import.meta.url));
const workerScript = fileURLToPath(new URL("./worker.ts", import.meta.url));
const fakeHerokuScript = join(repositoryRoot, "packages/heroku/src/fake/cli.ts");

const running: ServiceProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const service of running.splice(0)) {
    service.child.kill("SIGTERM");
    await service.exited;
  }
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** The fake Heroku and the add-on as separate processes, started as the README says. */
async function startLocalHeroku(serverEnv: Record<string, string> = {}) {
  const fakePort = String(await freePort());
  const port = String(await freePort());
  const fake = runScript(fakeHerokuScript, ["serve", "--port", fakePort], { HEROKU_OAUTH_CLIENT_SECRET: "walkthrough-secret" });
  running.push(fake);
  await waitForOutput(fake, /Fake Heroku on/);
  const database = await createIsolatedDatabase();
  cleanups.push(database.drop);
  const env = {
    DATA_DIR: temporaryDirectory("walkthrough"),
    PORT: port,
    HOST: "127.0.0.1",
    DATABASE_URL: database.url,
    HEROKU_API_URL: `http://localhost:${fakePort}`,
    HEROKU_ID_URL: `http://localhost:${fakePort}`,
    HEROKU_OAUTH_CLIENT_SECRET: "walkthrough-secret",
    PUBLIC_URL: `http://localhost:${port}`,
    JOBS_POLL_SECONDS: "0.5",
    ...serverEnv,
  };
  const server = runScript(mainScript, [], env);
  running.push(server);
  await waitForOutput(server, /Server listening/);
  const cliEnv = { FAKE_HEROKU_URL: `http://localhost:${fakePort}`, ADDON_URL: `http://localhost:${port}` };
  const cli = async (...args: string[]) => {
    const { code, output } = await runToEnd(fakeHerokuScript, args, cliEnv);
    expect(code, output).toBe(0);
    return output;
  };
  return { env, cli };
}

const waitUntilProvisioned = (cli: (...args: string[]) => Promise<string>, uuid: string) =>
  vi.waitFor(async () => expect(JSON.parse(await cli("show", uuid)).state).toBe("provisioned"), { timeout: 30_000, interval: 500 });

// Each test starts the fake Heroku, the service and several CLI runs as processes of their own.
const processesTimeout = { timeout: 120_000 };

describe("npm run fake-heroku", processesTimeout, () => {
  it("plays a whole lifecycle against a running add-on: async provision, SSO, attach, plan change, deprovision", async () => {
    const { cli } = await startLocalHeroku();
    const provisioned = JSON.parse(await cli("provision", "--plan", "premium", "--app", "walkthrough-app"));
    expect(provisioned).toMatchObject({ uuid: expect.any(String), status: 202 });
    const { uuid } = provisioned as { uuid: string };
    await waitUntilProvisioned(cli, uuid);

    const ssoPage = (await cli("sso", uuid)).trim();
    expect(ssoPage).toMatch(/^http:\/\/localhost:\d+\/_fake\/sso-forms\//);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(ssoPage);
      await page.waitForURL(/\/dashboard\//);
      expect(await page.locator("#resource-state").textContent()).toBe("provisioned");
    } finally {
      await browser.close();
    }

    const attached = JSON.parse(await cli("attach", uuid, "--app", "second-app"));
    expect(attached.deliveries).toEqual([expect.objectContaining({ status: 200 })]);
    expect(JSON.parse(await cli("change-plan", uuid, "basic"))).toMatchObject({ status: 200 });
    expect(JSON.parse(await cli("deprovision", uuid))).toMatchObject({ status: 204 });

    const calls = (JSON.parse(await cli("calls")) as { method: string; path: string }[]).map((call) => `${call.method} ${call.path}`);
    expect(calls).toEqual(expect.arrayContaining(["POST /oauth/token", `PATCH /addons/${uuid}/config`, `POST /addons/${uuid}/actions/provision`]));
  });

  it("explains what is missing instead of failing with a stack trace", async () => {
    const { code, output } = await runToEnd(fakeHerokuScript, ["provision"], {});
    expect(code).toBe(1);
    expect(output).toMatch(/^missing --plan\n\nUsage: npm run fake-heroku/);
  });
});

describe.runIf(testDatabaseUrl())("npm run worker", processesTimeout, () => {
  it("works the jobs a server with JOBS_IN_PROCESS=false leaves to it, and stops gracefully", async () => {
    const { env, cli } = await startLocalHeroku({ JOBS_IN_PROCESS: "false" });
    const { uuid } = JSON.parse(await cli("provision", "--plan", "premium")) as { uuid: string };
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(JSON.parse(await cli("show", uuid)).state).toBe("provisioning");

    const worker = runScript(workerScript, [], env);
    running.push(worker);
    await waitForOutput(worker, /worker is working jobs/);
    await waitUntilProvisioned(cli, uuid);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  });
});

describe("npm run worker on the embedded database", () => {
  it("refuses to start, explaining that the server works those jobs itself", async () => {
    const { code, output } = await runToEnd(workerScript, [], { DATA_DIR: temporaryDirectory("worker") });
    expect(code).toBe(1);
    expect(output.trim()).toBe("addon-kit worker cannot start: npm run worker needs DATABASE_URL: on the embedded database the server works its own jobs");
  });
});
