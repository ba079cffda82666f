import { describe, expect, it } from "vitest";
import { Resource } from "@addon-kit/domain";
import { provisionRequest } from "@addon-kit/testing/factories";
import { herokuAuthorization, useTestApp } from "../testing/test-app.ts";

const testApp = useTestApp({ ADDON_PASSWORD: "a-password-from-the-environment" });

const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString("base64")}`;

describe("Partner API authentication", () => {
  it("accepts the manifest id with the password from ADDON_PASSWORD", async () => {
    const response = await testApp.app.inject({
      method: "POST",
      url: "/heroku/resources",
      headers: { authorization: basic("example-metrics:a-password-from-the-environment") },
      payload: provisionRequest(),
    });
    expect(response.statusCode).toBe(200);
  });

  it.each([
    ["no Authorization header", undefined],
    ["the manifest file's password, overridden by ADDON_PASSWORD", basic("example-metrics:development-only-password-set-ADDON_PASSWORD")],
    ["a wrong password", basic("example-metrics:wrong")],
    ["a wrong username", basic("someone-else:a-password-from-the-environment")],
    ["a password with a trailing character", basic("example-metrics:a-password-from-the-environmentX")],
    ["another scheme", "Bearer a-password-from-the-environment"],
    ["base64 that is not user:password", "Basic bm9jb2xvbg=="],
    ["garbage", "Basic !!!***"],
  ])("answers 401 with a challenge to %s, and provisions nothing", async (_name, authorization) => {
    const request = provisionRequest();
    for (const [method, url] of [
      ["POST", "/heroku/resources"],
      ["PUT", `/heroku/resources/${request.uuid}`],
      ["DELETE", `/heroku/resources/${request.uuid}`],
    ] as const) {
      const response = await testApp.app.inject({
        method,
        url,
        headers: authorization ? { authorization } : {},
        ...(method === "DELETE" ? {} : { payload: request }),
      });
      expect(response.statusCode).toBe(401);
      expect(response.headers["www-authenticate"]).toMatch(/^Basic realm="example-metrics"/);
      // @fastify/basic-auth's two answers: a header it cannot read, and credentials that do not match.
      expect(response.json()).toEqual({ message: expect.toBeOneOf(["Missing or bad formatted authorization header", "Invalid credentials"]) });
    }
    expect(await testApp.app.orm.em.fork().count(Resource, { herokuUuid: request.uuid })).toBe(0);
  });

  it("checks credentials before reading the body", async () => {
    const response = await testApp.app.inject({
      method: "POST",
      url: "/heroku/resources",
      headers: { authorization: basic("example-metrics:wrong"), "content-type": "application/json" },
      payload: "x".repeat(200_000),
    });
    expect(response.statusCode).toBe(401);
  });

  it("does not guard routes outside the Partner API", async () => {
    expect((await testApp.app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
  });

  it("uses the configured password in the test helper too", () => {
    expect(herokuAuthorization(testApp.config)).toBe(basic("example-metrics:a-password-from-the-environment"));
  });
});
