import { randomBytes } from "node:crypto";
import type { EntityManager } from "@mikro-orm/core";
import { ProductSignInRefused } from "../errors.ts";
import type { Resource } from "../resources/resource.entity.ts";
import { hashToken } from "../token-hash.ts";
import { ProductSignIn } from "./product-sign-in.entity.ts";

/** How long a verified Heroku SSO may take to reach the product's sign-in: a fresh click, not a stored one. */
export const productSignInLifetimeMs = 5 * 60_000;

/** Records a verified click for the product, in the SSO's transaction; returns the browser's token for it. */
export function openProductSignIn(
  tx: EntityManager,
  resource: Resource,
  user: { userId: string | undefined; email: string | undefined; userVerified: boolean; app: string | undefined; deepLink: Record<string, string> },
  now: Date,
): string {
  const token = randomBytes(32).toString("base64url");
  tx.create(ProductSignIn, {
    tokenHash: hashToken(token),
    resource,
    herokuUserId: user.userId ?? null,
    email: user.email ?? null,
    userVerified: user.userVerified,
    app: user.app ?? null,
    deepLink: user.deepLink,
    expiresAt: new Date(now.getTime() + productSignInLifetimeMs),
  });
  return token;
}

/**
 * Spends the sign-in the browser's token names, once: for the resource the product asked about
 * (`resourceId`, its login hint, when it gave one), within minutes of the click, while the
 * resource is live. Every refusal says the same to the browser; the reason goes to the log.
 */
export async function spendProductSignIn(
  em: EntityManager,
  token: string | undefined,
  expected: { resourceId: string | undefined; now?: Date },
): Promise<ProductSignIn> {
  const now = expected.now ?? new Date();
  if (!token) throw new ProductSignInRefused("no sign-in cookie: not coming from a Heroku SSO");
  return em.fork().transactional(async (tx) => {
    const signIn = await tx.findOne(ProductSignIn, { tokenHash: hashToken(token) }, { populate: ["resource"] });
    if (!signIn) throw new ProductSignInRefused("unknown sign-in token");
    if (signIn.expiresAt <= now) throw new ProductSignInRefused(`sign-in ${signIn.id} expired`);
    if (expected.resourceId !== undefined && expected.resourceId !== signIn.resource.id && expected.resourceId !== signIn.resource.herokuUuid) {
      throw new ProductSignInRefused(`sign-in ${signIn.id} is for resource ${signIn.resource.id}, the product asked for ${expected.resourceId}`);
    }
    if (signIn.resource.state === "deprovisioned") throw new ProductSignInRefused(`resource ${signIn.resource.id} is deprovisioned`);
    // One ID token per click: a concurrent second use updates nothing and is refused.
    const spent = await tx.nativeUpdate(ProductSignIn, { id: signIn.id, usedAt: null }, { usedAt: now });
    if (spent !== 1) throw new ProductSignInRefused(`sign-in ${signIn.id} already used`);
    return signIn;
  });
}

/** Records the provider's grant a spent sign-in opened, for its tokens' claims. */
export async function attachGrant(em: EntityManager, signInId: string, grantId: string): Promise<void> {
  await em.fork().nativeUpdate(ProductSignIn, { id: signInId, grantId: null }, { grantId });
}
