import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { committedDocumentPath } from "@addon-kit/product";
import { useTestApp } from "../testing/test-app.ts";

const testApp = useTestApp();

describe("GET /product-api/openapi.json", () => {
  it("serves the committed contract, for a vendor's tools to generate a client or server from", async () => {
    const response = await testApp.app.inject({ method: "GET", url: "/product-api/openapi.json" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(response.json()).toEqual(JSON.parse(readFileSync(committedDocumentPath, "utf8")));
    expect(response.json()).toMatchObject({ openapi: "3.1.0", info: { title: "addon-kit product API" } });
  });
});
