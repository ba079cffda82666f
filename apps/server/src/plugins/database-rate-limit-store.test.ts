import { randomInt } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@addon-kit/testing/database";
import { clientAddress } from "@addon-kit/testing/factories";
import { type ServiceProcess, runScript, waitForOutput } from "../testing/service-process.ts";
import { useTestApp } from "../testing/test-app.ts";
import { temporaryDirectory } from "@addon-kit/testing/temporary-directory";

const consoleHeaders = { "x-addon-kit-console": "1", "content-type": "application/json" };
const wrongSignIn = JSON.stringify({ email: "nobody@staff.example", password: "wrong" });

describe("rate limits with the default proxy setting (none trusted)", () => {
  const testApp = useTestApp({ SSO_RATE_LIMIT_PER_MINUTE: "2", STAFF_SIGN_IN_RATE_LIMIT_PER_MINUTE: "2" });

  it("count a direct client by its own address, whatever X-Forwarded-For it writes", async () => {
    const client = clientAddress();
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await testApp.app.inject({
        method: "POST",
        url: "/sso/login",
        headers: { "x-forwarded-for": clientAddress() },
        payload: { timestamp: "1" },
        remoteAddress: client,
      });
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([403, 403, 429]);
  });

  it("count an IPv6 client by its /64, and an IPv4-mapped address as the IPv4 one", async () => {
    const block = `2001:db8:${randomInt(0xffff).toString(16)}:${randomInt(0xffff).toString(16)}`;
    const ipv4 = clientAddress();
    const statuses = [];
    for (const client of [`${block}::1`, `${block}::2`, `${block}:ffff:ffff:ffff:ffff`, ipv4, `::ffff:${ipv4}`, ipv4]) {
      const response = await testApp.app.inject({ method: "POST", url: "/sso/login", payload: { timestamp: "1" }, remoteAddress: client });
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([403, 403, 429, 403, 403, 429]);
  });

  it("count console sign-ins however the procedure's path is encoded", async () => {
    const client = clientAddress();
    const statuses = [];
    for (const path of ["session.signIn", "session%2EsignIn", "session%252EsignIn", "session%25252EsignIn"]) {
      const response = await testApp.app.inject({ method: "POST", url: `/trpc/${path}`, headers: consoleHeaders, payload: wrongSignIn, remoteAddress: client });
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, 2)).toEqual([401, 401]);
    // Past the limit every spelling is refused, as the limit or as a path tRPC does not know.
    for (const status of statuses.slice(2)) expect([404, 429]).toContain(status);
    expect(statuses).toContain(429);
  });
});

const mainScript = fileURLToPath(new URL("../main.ts", import.meta.url));

// PGlite belongs to one process; several web processes are the PostgreSQL setup.
describe.skipIf(!testDatabaseUrl())("rate limits across two server processes on one PostgreSQL database", () => {
  let servers: { process: ServiceProcess; url: string }[] = [];
  beforeAll(async () => {
    const start = async () => {
      const process = runScript(mainScript, [], {
        DATABASE_URL: testDatabaseUrl(),
        DATA_DIR: temporaryDirectory("rate"),
        PORT: "0",
        HOST: "127.0.0.1",
        HEROKU_API_URL: "http://127.0.0.1:9",
        HEROKU_ID_URL: "http://127.0.0.1:9",
        JOBS_IN_PROCESS: "false",
        // As behind Heroku's router: this test plays the router and names each client.
        TRUST_PROXY_HOPS: "1",
        SSO_RATE_LIMIT_PER_MINUTE: "4",
        STAFF_SIGN_IN_RATE_LIMIT_PER_MINUTE: "4",
      });
      return { process, url: await waitForOutput(process, /Server listening at (http:\/\/127\.0\.0\.1:\d+)/) };
    };
    servers = await Promise.all([start(), start()]);
  });
  afterAll(async () => {
    for (const server of servers) server.process.child.kill("SIGTERM");
    await Promise.all(servers.map((server) => server.process.exited));
  });

  it.each([
    ["SSO attempts", "/sso/login", { "content-type": "application/json" }, JSON.stringify({ timestamp: "1" }), 403],
    ["console sign-ins", "/trpc/session.signIn", consoleHeaders, wrongSignIn, 401],
  ])("count a client's %s against one limit, whichever process answers", async (_name, path, headers, body, refused) => {
    const client = clientAddress();
    const statuses = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const server = servers[attempt % 2];
      if (!server) throw new Error("no server");
      const response = await fetch(`${server.url}${path}`, { method: "POST", headers: { ...headers, "x-forwarded-for": client }, body });
      statuses.push(response.status);
      await response.body?.cancel();
    }
    expect(statuses).toEqual([refused, refused, refused, refused, 429, 429]);
  });
});
