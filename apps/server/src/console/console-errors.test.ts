import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { apiKeyTenantProvisioner, createStaffMember } from "@addon-kit/domain";
import { clientAddress } from "@addon-kit/testing/factories";
import { provisionThroughApi, storeHerokuTokens, useTestApp } from "../testing/test-app.ts";

const lines: string[] = [];
const logStream = new Writable({
  write(chunk, _encoding, done) {
    lines.push(...String(chunk).split("\n").filter(Boolean));
    done();
  },
});

/** A vendor provisioner whose rotation fails the way a bug would: an error with internals in it. */
const failingRotation = {
  ...apiKeyTenantProvisioner({ configVarsPrefix: "EXAMPLE_METRICS", productUrl: "https://metrics.example" }),
  rotateCredentials: async () => {
    throw new Error("connect to 10.1.2.3 as admin:hunter2 failed");
  },
};

const testApp = useTestApp({ LOG_LEVEL: "info" }, { provisioner: failingRotation, logStream });

const headers = { "x-addon-kit-console": "1", "content-type": "application/json" };

/** An operator signed in over HTTP: the session cookie, and the address it signed in from. */
async function signedInOperator() {
  const email = `errors-${crypto.randomUUID().slice(0, 8)}@staff.example`;
  await createStaffMember(testApp.app.orm.em, { email, name: "E", role: "operator", password: "a-long-enough-password" }, "test");
  const address = clientAddress();
  const signIn = await testApp.app.inject({
    method: "POST",
    url: "/trpc/session.signIn",
    headers,
    payload: { email, password: "a-long-enough-password" },
    remoteAddress: address,
  });
  return { cookie: String(signIn.headers["set-cookie"]).split(";")[0] ?? "", address };
}

describe("refusals in the console API", () => {
  it("answer with the domain error's public message, and log its reason", async () => {
    const { cookie, address } = await signedInOperator();
    const id = crypto.randomUUID();
    const response = await testApp.app.inject({
      method: "GET",
      url: `/trpc/resources.detail?input=${encodeURIComponent(JSON.stringify({ id }))}`,
      headers: { cookie },
      remoteAddress: address,
    });

    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toBe("No such add-on resource.");
    expect(response.body).not.toContain(id);
    expect(lines.some((line) => line.includes(`no resource ${id}`) && line.includes("console request refused"))).toBe(true);
  });
});

describe("unexpected failures in the console API", () => {
  it("answer 500 with a fixed message in tRPC's envelope, and log the error with its detail", async () => {
    const { cookie, address } = await signedInOperator();
    const resource = await provisionThroughApi(testApp.app, testApp.config);
    await storeHerokuTokens(testApp.app, testApp.config, resource.id);

    const response = await testApp.app.inject({
      method: "POST",
      url: "/trpc/resources.rotateCredentials",
      headers: { ...headers, cookie },
      payload: { id: resource.id },
      remoteAddress: address,
    });

    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error: { message: "Something went wrong on the server.", code: -32603, data: { code: "INTERNAL_SERVER_ERROR", httpStatus: 500 } },
    });
    expect(response.body).not.toContain("hunter2");
    expect(lines.join("\n")).toContain("connect to 10.1.2.3 as admin:hunter2 failed");
  });
});
