import { rmSync } from "node:fs";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { HerokuDriver, buildFakeHeroku } from "@addon-kit/heroku/fake";
import { createIsolatedDatabase, freePort } from "@addon-kit/testing/database";
import { provisionRequest } from "@addon-kit/testing/factories";
import { type ServiceProcess, runScript, waitForOutput } from "./testing/service-process.ts";
import { herokuAuthorization, testConfig } from "./testing/test-app.ts";
import { temporaryDirectory } from "@addon-kit/testing/temporary-directory";

const mainScript = fileURLToPath(new URL("./main.ts", import.meta.url));
const clientSecret = "fake-heroku-shutdown-test-secret";

describe("SIGTERM, as Heroku stops a dyno", () => {
  let fake: Awaited<ReturnType<typeof buildFakeHeroku>>;
  let fakeUrl: string;
  let database: Awaited<ReturnType<typeof createIsolatedDatabase>>;
  let dataDir: string;
  let port: number;

  const start = async (): Promise<ServiceProcess> => {
    const server = runScript(mainScript, [], {
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      HEROKU_API_URL: fakeUrl,
      HEROKU_ID_URL: fakeUrl,
      HEROKU_OAUTH_CLIENT_SECRET: clientSecret,
      JOBS_POLL_SECONDS: "0.5",
    });
    await waitForOutput(server, /Server listening at/);
    return server;
  };

  beforeAll(async () => {
    fake = await buildFakeHeroku({ clientSecret });
    await fake.app.listen({ port: 0, host: "127.0.0.1" });
    fakeUrl = `http://127.0.0.1:${(fake.app.server.address() as { port: number }).port}`;
    database = await createIsolatedDatabase();
    dataDir = temporaryDirectory("sigterm");
    port = await freePort();
  });
  afterAll(async () => {
    await fake.app.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("stops taking connections, finishes the request and the job in flight, and exits 0 in time", { timeout: 90_000 }, async () => {
    const config = testConfig();
    const driver = new HerokuDriver({ addonUrl: `http://127.0.0.1:${port}`, fakeUrl, manifest: config.manifest });
    let server = await start();

    // A job in flight: Heroku takes 3 seconds to answer the grant exchange.
    await driver.latency(3_000);
    const asynchronous = await driver.provision({ plan: "premium" });
    expect(asynchronous.status).toBe(202);
    await vi.waitFor(() => expect(fake.state.calls.some((call) => call.path === "/oauth/token")).toBe(true), { timeout: 15_000, interval: 50 });

    // A request in flight: its body is still arriving when SIGTERM comes.
    const arrivals = () =>
      server
        .output()
        .split("\n")
        .filter((line) => line.includes('"msg":"incoming request"') && line.includes('"url":"/heroku/resources"')).length;
    const before = arrivals();
    const body = JSON.stringify(provisionRequest({ plan: "basic" }));
    const socket = connect(port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    socket.write(
      `POST /heroku/resources HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${herokuAuthorization(config)}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 20)}`,
    );
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk));
    const answered = new Promise((resolve) => socket.once("close", resolve));

    await vi.waitFor(() => expect(arrivals()).toBe(before + 1), { timeout: 10_000, interval: 20 });

    const terminatedAt = Date.now();
    server.child.kill("SIGTERM");
    await waitForOutput(server, /shutting down/);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();

    // The rest of the body, without half-closing the socket: Node aborts a request whose client ends its side.
    socket.write(body.slice(20));
    await answered;
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(await server.exited).toBe(0);
    expect(Date.now() - terminatedAt).toBeLessThan(30_000);

    // The grant exchange finished before the exit: a cut-short one could not be repeated (grants are single use).
    await driver.latency(0);
    server = await start();
    await vi.waitFor(async () => expect((await driver.addon(asynchronous.uuid)).state).toBe("provisioned"), { timeout: 30_000, interval: 250 });
    expect(fake.state.callLog(asynchronous.uuid).filter((call) => call === "POST /oauth/token")).toHaveLength(1);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });
});
