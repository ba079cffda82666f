import { describe, expect, it } from "vitest";
import { buildTestApp } from "../testing/test-app.ts";

describe("GET /healthz", () => {
  it("answers 200 while the database answers and 503 once it does not", async () => {
    const { app, close } = await buildTestApp();
    try {
      const healthy = await app.inject({ method: "GET", url: "/healthz" });
      expect(healthy.statusCode).toBe(200);
      expect(healthy.json()).toEqual({ status: "ok", database: "ok" });

      await app.orm.close(true);
      const unhealthy = await app.inject({ method: "GET", url: "/healthz" });
      expect(unhealthy.statusCode).toBe(503);
      expect(unhealthy.json()).toEqual({ status: "unavailable", database: "unreachable" });
    } finally {
      await close();
    }
  });
});
