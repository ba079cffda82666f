import { afterEach, describe, expect, it, vi } from "vitest";
import type { Provisioner } from "@addon-kit/domain";
import { testDatabaseUrl } from "@addon-kit/testing/database";
import { type HerokuHarness, startHerokuHarness } from "../testing/heroku-harness.ts";
import { startWorker } from "./start-worker.ts";

/** A vendor's own provisioner: config vars of its own making, plan changes and deprovisions accepted. */
const vendorProvisioner: Provisioner = {
  provision: async ({ resource }) => ({ EXAMPLE_METRICS_URL: `https://tenants.example/${resource.herokuUuid}`, EXAMPLE_METRICS_API_KEY: "vendor-made" }),
  changePlan: async () => undefined,
  deprovision: async () => {},
};

let harness: HerokuHarness | undefined;
let stopWorker: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopWorker?.();
  await harness?.close();
  stopWorker = undefined;
  harness = undefined;
});

const provisionedConfig = async (heroku: HerokuHarness, uuid: string) => {
  await vi.waitFor(async () => expect((await heroku.driver.addon(uuid)).state).toBe("provisioned"), { timeout: 25_000, interval: 200 });
  return (await heroku.driver.addon(uuid)).config;
};

describe("a vendor's own provisioner", () => {
  it("finishes asynchronous provisions in the server's worker", async () => {
    harness = await startHerokuHarness({}, { provisioner: vendorProvisioner });
    const { uuid, status } = await harness.driver.provision({ plan: "premium" });
    expect(status).toBe(202);
    expect(await provisionedConfig(harness, uuid)).toEqual({ EXAMPLE_METRICS_URL: `https://tenants.example/${uuid}`, EXAMPLE_METRICS_API_KEY: "vendor-made" });
  });

  it.runIf(testDatabaseUrl())("finishes them in a separate worker given the same provisioner", async () => {
    harness = await startHerokuHarness({ JOBS_IN_PROCESS: "false" }, { provisioner: vendorProvisioner });
    const worker = await startWorker(harness.config, { provisioner: vendorProvisioner });
    stopWorker = worker.stop;
    const { uuid } = await harness.driver.provision({ plan: "premium" });
    expect((await provisionedConfig(harness, uuid)).EXAMPLE_METRICS_API_KEY).toBe("vendor-made");
  });
});
