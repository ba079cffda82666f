import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { WebhookSigner } from "./webhook-signer.ts";

const secret = () => `whsec_${randomBytes(32).toString("base64")}`;
const pythonCheck = fileURLToPath(new URL("../../../examples/signatures/verify_signature.py", import.meta.url));
const hasPython = spawnSync("python3", ["--version"]).status === 0;

/** Runs the README's standard-library Python check on a body and its headers. */
function pythonAccepts(signingSecret: string, body: string, headers: Record<string, string>): boolean {
  const env = {
    PATH: process.env.PATH,
    SIGNING_SECRET: signingSecret,
    WEBHOOK_ID: headers["webhook-id"],
    WEBHOOK_TIMESTAMP: headers["webhook-timestamp"],
    WEBHOOK_SIGNATURE: headers["webhook-signature"],
  };
  return spawnSync("python3", [pythonCheck], { input: body, env }).status === 0;
}

describe("signatures", () => {
  const body = JSON.stringify({ type: "resource.provisioned", data: { note: "ünïcode" } });

  it("carry one Standard Webhooks signature per secret, each verifiable alone", () => {
    const [current, next] = [secret(), secret()];
    const headers = new WebhookSigner([current, next]).headers("evt-1", body);
    expect(headers["webhook-id"]).toBe("evt-1");
    expect(headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    for (const key of [current, next]) expect(new Webhook(key).verify(body, headers)).toEqual(JSON.parse(body));
  });

  // Each case starts a Python process: seconds each on a busy machine.
  it.runIf(hasPython)(
    "verify with the standard-library Python check from the README, which refuses forged, altered and stale ones",
    { timeout: 60_000 },
    () => {
      const key = secret();
      const signer = new WebhookSigner([key]);
      expect(pythonAccepts(key, body, signer.headers("evt-2", body))).toBe(true);
      expect(pythonAccepts(secret(), body, signer.headers("evt-2", body))).toBe(false);
      expect(pythonAccepts(key, body.replace("ünïcode", "changed"), signer.headers("evt-2", body))).toBe(false);
      expect(pythonAccepts(key, body, signer.headers("evt-2", body, new Date(Date.now() - 10 * 60_000)))).toBe(false);
      expect(pythonAccepts(key, body, { ...signer.headers("evt-2", body), "webhook-id": "evt-3" })).toBe(false);
    },
  );
});
