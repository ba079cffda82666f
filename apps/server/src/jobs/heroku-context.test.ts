import { describe, expect, it } from "vitest";
import { SecretBox } from "@addon-kit/domain";
import { useTestApp } from "../testing/test-app.ts";
import { buildHerokuContext } from "./heroku-context.ts";

const testApp = useTestApp();

const contextFor = (allowLoopbackHttp: boolean) =>
  buildHerokuContext(
    { ...testApp.config, allowLoopbackHttp },
    {
      orm: testApp.app.orm,
      jobs: testApp.app.jobs,
      provisioner: testApp.app.consoleServices.provisioner,
      secrets: new SecretBox(testApp.config.encryptionKey),
      eventSink: undefined,
      log: testApp.app.log,
    },
  );

describe("writing app logs", () => {
  it("refuses a stored log_input_url that is not https before calling it", async () => {
    await expect(contextFor(true).writeAppLog("http://10.1.2.3/logs", ["hello"])).rejects.toThrow("not https");
    await expect(contextFor(false).writeAppLog("http://127.0.0.1:9/logs", ["hello"])).rejects.toThrow("not https");
  });
});
