import { describe, expect, it } from "vitest";
import { buildTestApp } from "../testing/test-app.ts";

describe("health checks", () => {
  it("are ready (/readyz, /healthz) while the database answers and not once it does not, and alive (/livez) throughout", async () => {
    const { app, close } = await buildTestApp();
    try {
      for (const url of ["/readyz", "/healthz"]) {
        const healthy = await app.inject({ method: "GET", url });
        expect(healthy.statusCode).toBe(200);
        expect(healthy.json()).toEqual({ status: "ok", database: "ok" });
      }

      await app.orm.close(true);
      for (const url of ["/readyz", "/healthz"]) {
        const unhealthy = await app.inject({ method: "GET", url });
        expect(unhealthy.statusCode).toBe(503);
        expect(unhealthy.json()).toEqual({ status: "unavailable", database: "unreachable" });
      }
      const alive = await app.inject({ method: "GET", url: "/livez" });
      expect(alive.statusCode).toBe(200);
      expect(alive.json()).toEqual({ status: "ok" });
    } finally {
      await close();
    }
  });
});
