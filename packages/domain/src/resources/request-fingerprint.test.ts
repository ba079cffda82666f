import { describe, expect, it } from "vitest";
import { requestFingerprint } from "./request-fingerprint.ts";

describe("requestFingerprint", () => {
  const base = { plan: "basic", region: "us", options: { a: "1", nested: { x: 1, y: [1, 2] } } };

  it("ignores the order of option keys at every depth", () => {
    const reordered = { region: "us", plan: "basic", options: { nested: { y: [1, 2], x: 1 }, a: "1" } };
    expect(requestFingerprint(reordered)).toBe(requestFingerprint(base));
  });

  it.each([
    ["plan", { ...base, plan: "premium" }],
    ["region", { ...base, region: "eu" }],
    ["an option", { ...base, options: { ...base.options, a: "2" } }],
    ["array order", { ...base, options: { ...base.options, nested: { x: 1, y: [2, 1] } } }],
  ])("changes with the %s", (_name, changed) => {
    expect(requestFingerprint(changed)).not.toBe(requestFingerprint(base));
  });
});
