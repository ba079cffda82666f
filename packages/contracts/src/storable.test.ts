import { describe, expect, it } from "vitest";
import { isStorableText, maxJsonDepth, unstorableJson } from "./storable.ts";

const nested = (depth: number): unknown => (depth === 0 ? 1 : [nested(depth - 1)]);

describe("storable text", () => {
  it("is text without NUL and without unpaired surrogates", () => {
    expect(isStorableText("plain, accents é, emoji 🎉")).toBe(true);
    expect(isStorableText("a\u0000b")).toBe(false);
    expect(isStorableText("\uD83D")).toBe(false);
    expect(isStorableText("x\uDE00")).toBe(false);
  });
});

describe("storable JSON", () => {
  it(`nests at most ${maxJsonDepth} levels`, () => {
    expect(unstorableJson(nested(maxJsonDepth))).toBeUndefined();
    expect(unstorableJson(nested(maxJsonDepth + 1))).toBe(`must not nest deeper than ${maxJsonDepth} levels`);
  });

  it("checks a hostile depth without overflowing the stack", () => {
    let value: unknown = "leaf";
    for (let depth = 0; depth < 200_000; depth++) value = { value };
    expect(unstorableJson(value)).toMatch(/deeper/);
  });

  it("finds a bad string or key at any depth", () => {
    expect(unstorableJson({ a: [{ b: "ok" }, { c: "bad\u0000" }] })).toMatch(/^a string/);
    expect(unstorableJson({ a: { ["\uD800"]: 1 } })).toMatch(/^a key/);
    expect(unstorableJson({ a: [1, true, null, "fine"] })).toBeUndefined();
  });
});
