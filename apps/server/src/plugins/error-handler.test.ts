import { describe, expect, it } from "vitest";
import { apiKeyTenantProvisioner } from "@addon-kit/domain";
import { provisionRequest } from "@addon-kit/testing/factories";
import { herokuAuthorization, useTestApp } from "../testing/test-app.ts";

const builtIn = apiKeyTenantProvisioner({ configVarsPrefix: "EXAMPLE_METRICS", productUrl: "https://example.test" });

const testApp = useTestApp(
  {},
  {
    provisioner: {
      ...builtIn,
      async provision() {
        throw new Error("connect ECONNREFUSED 10.0.0.7:5432 password=hunter2");
      },
    },
  },
);

describe("error answers", () => {
  it("answers an unexpected failure with a fixed 500 message and the request id, never the error itself", async () => {
    const response = await testApp.app.inject({
      method: "POST",
      url: "/heroku/resources",
      headers: { authorization: herokuAuthorization(testApp.config), "x-request-id": "req-abc-123" },
      payload: provisionRequest(),
    });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ message: "Internal server error (request id req-abc-123)" });
    expect(response.body).not.toContain("hunter2");
    expect(response.headers["x-request-id"]).toBe("req-abc-123");
  });

  it("replaces a request id that is unsafe to log with one of its own", async () => {
    const response = await testApp.app.inject({ method: "GET", url: "/healthz", headers: { "x-request-id": "bad\nid" } });
    expect(response.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers unknown routes with a 404 JSON message", async () => {
    const response = await testApp.app.inject({ method: "GET", url: "/nothing/here?x=<script>" });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ message: "Not found" });
  });
});
