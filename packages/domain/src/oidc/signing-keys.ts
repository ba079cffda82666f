import { type JsonWebKey, generateKeyPairSync } from "node:crypto";
import type { EntityManager } from "@mikro-orm/core";
import type { SecretBox } from "../secret-box.ts";
import { SigningKey } from "./signing-key.entity.ts";

/**
 * How ID-token signing keys roll over. A new key is published at once and signs from
 * `activateAfterMs` later: by then every process has reloaded its keys (each does every minute)
 * and publishes it, so a relying party that meets the new `kid` finds it in any process's JWKS.
 * The replaced key stays published for a day after that, longer than any token it signed lives.
 */
export const signingKeyPolicy = { activateAfterMs: 10 * 60_000, retireAfterMs: 24 * 3_600_000 };

/** A private JWK, as the provider's keystore takes it. */
export type PrivateJwk = JsonWebKey & { kid: string; alg: string; use: string };

/**
 * The keys to publish, the one to sign with first, after making sure there is one and rolling
 * over to a new one when the newest is `rotateEveryMs` old. Keys are numbered, so processes
 * starting or rolling over at the same moment agree on one new key (the others' inserts find
 * its number taken).
 */
export async function currentSigningKeys(em: EntityManager, secrets: SecretBox, options: { rotateEveryMs: number; now?: Date }): Promise<PrivateJwk[]> {
  const now = options.now ?? new Date();
  let keys = await publishedKeys(em, now);
  const newest = keys[0];
  if (!newest) {
    await addKey(em, secrets, 1, now, now);
    keys = await publishedKeys(em, now);
  } else if (newest.createdAt.getTime() + options.rotateEveryMs <= now.getTime()) {
    const activatesAt = new Date(now.getTime() + signingKeyPolicy.activateAfterMs);
    if (await addKey(em, secrets, generation(newest.kid) + 1, now, activatesAt)) {
      await em.fork().nativeUpdate(
        SigningKey,
        { kid: { $ne: kidOf(generation(newest.kid) + 1) }, retiresAt: null },
        {
          retiresAt: new Date(activatesAt.getTime() + signingKeyPolicy.retireAfterMs),
        },
      );
    }
    keys = await publishedKeys(em, now);
  }
  // The newest key that is active signs; the provider signs with the first key of the right kind.
  const signing = keys.find((key) => key.activatesAt <= now);
  const ordered = signing ? [signing, ...keys.filter((key) => key !== signing)] : keys;
  return ordered.map((key) => JSON.parse(secrets.open(key.sealedPrivateJwk)) as PrivateJwk);
}

async function publishedKeys(em: EntityManager, now: Date): Promise<SigningKey[]> {
  return em.fork().find(SigningKey, { $or: [{ retiresAt: null }, { retiresAt: { $gt: now } }] }, { orderBy: { createdAt: "desc", kid: "desc" } });
}

/** Adds key number `number`; false when another process added it first. */
async function addKey(em: EntityManager, secrets: SecretBox, number: number, now: Date, activatesAt: Date): Promise<boolean> {
  const kid = kidOf(number);
  // RS256: what every OpenID Connect client accepts by default.
  const jwk = { ...generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
  const inserted = await em
    .fork()
    .getConnection()
    .execute(
      "insert into oidc_signing_keys (kid, sealed_private_jwk, created_at, activates_at) values (?, ?, ?, ?) on conflict (kid) do nothing",
      [kid, secrets.seal(JSON.stringify(jwk)), now, activatesAt],
      "run",
    );
  return (inserted as { affectedRows?: number }).affectedRows === 1;
}

const kidOf = (number: number) => `addon-kit-${number}`;
const generation = (kid: string) => Number(kid.slice("addon-kit-".length)) || 0;
