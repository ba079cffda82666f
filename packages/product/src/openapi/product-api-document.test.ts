import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { committedDocumentPath } from "./product-api-document.ts";
import { renderedDocument } from "./write-openapi.ts";

describe("the product API's OpenAPI document", () => {
  it("is committed as generated from the contracts (run `npm run openapi -w @addon-kit/product` after changing them)", () => {
    expect(readFileSync(committedDocumentPath, "utf8")).toBe(renderedDocument());
  });

  it("is valid OpenAPI 3.1, so generators in any language take it", async () => {
    const result = await new Validator().validate(JSON.parse(renderedDocument()));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("documents every provisioning call and every event type", () => {
    const document = JSON.parse(renderedDocument());
    const operations = Object.values(document.paths as Record<string, Record<string, { operationId: string }>>).flatMap((path) =>
      Object.values(path).map((operation) => operation.operationId),
    );
    expect(operations.sort()).toEqual(["changePlan", "createTenant", "deleteTenant", "retireCredentials", "rotateCredentials"]);
    expect(Object.keys(document.webhooks).sort()).toEqual([
      "resource.attachment_added",
      "resource.attachment_removed",
      "resource.credentials_rotated",
      "resource.deprovisioned",
      "resource.failed",
      "resource.plan_changed",
      "resource.provisioned",
    ]);
  });
});
