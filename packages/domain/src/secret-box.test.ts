import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SecretBox } from "./secret-box.ts";

describe("SecretBox", () => {
  const box = new SecretBox(randomBytes(32));

  it("opens what it sealed, and seals the same text differently each time", () => {
    const first = box.seal("sk_live_secret");
    expect(box.open(first)).toBe("sk_live_secret");
    expect(box.seal("sk_live_secret")).not.toBe(first);
    expect(first).not.toContain("sk_live");
  });

  it("refuses a sealed secret that was tampered with", () => {
    const sealed = box.seal("sk_live_secret");
    const parts = sealed.split(".");
    const ciphertext = Buffer.from(parts[3] ?? "", "base64url");
    ciphertext[0] = (ciphertext[0] ?? 0) ^ 1;
    parts[3] = ciphertext.toString("base64url");
    expect(() => box.open(parts.join("."))).toThrow();
  });

  it("refuses to open with another key", () => {
    expect(() => new SecretBox(randomBytes(32)).open(box.seal("x"))).toThrow();
  });

  it("refuses a key that is not 32 bytes", () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow("32-byte key");
  });
});
