import type { MikroORM } from "@mikro-orm/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../testing/open-test-database.ts";
import { resourceRow } from "./insert-new-resource.ts";
import { Resource } from "./resource.entity.ts";

let orm: MikroORM;
beforeAll(async () => {
  orm = await openTestDatabase();
}, 120_000);
afterAll(() => orm.close());

describe("a new resource's row", () => {
  it("has every column the entity maps, so nothing set on a new resource is left unwritten", () => {
    const columns = orm
      .getMetadata()
      .get(Resource)
      .props.flatMap((property) => property.fieldNames ?? []);
    const resource = orm.em
      .fork()
      .create(
        Resource,
        { id: "r", herokuUuid: "u", name: "n", plan: "basic", region: "eu", options: {}, state: "provisioning", requestFingerprint: "f" },
        { persist: false },
      );
    expect(Object.keys(resourceRow(resource)).sort()).toEqual([...new Set(columns)].sort());
  });
});
