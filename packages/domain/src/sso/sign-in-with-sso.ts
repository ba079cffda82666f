import { type EntityManager, UniqueConstraintViolationException } from "@mikro-orm/core";
import { SsoRefused } from "../errors.ts";
import { Resource } from "../resources/resource.entity.ts";
import { CustomerSession } from "./customer-session.entity.ts";
import { newSession } from "../sessions/session-lifetime.ts";
import type { SsoPolicy } from "../sessions/session-policy.ts";
import { hashToken } from "../token-hash.ts";
import { SsoTokenUse } from "./sso-token-use.entity.ts";
import { type SsoCredentials, verifySsoToken } from "./verify-sso-token.ts";

export interface SsoSignIn extends SsoCredentials {
  app: string | undefined;
  contextApp: string | undefined;
}

export interface SignedIn {
  sessionToken: string;
  resourceId: string;
  expiresAt: Date;
}

/**
 * Marks a resource-wide token as seen beside a user-scoped one, unless another user's click
 * marked it already; refuses when it opened a session on its own, since this is then the same
 * click a second time.
 */
async function markShared(tx: EntityManager, tokenHash: string, now: Date): Promise<void> {
  await tx.upsert(SsoTokenUse, { tokenHash, usedAt: now, shared: true }, { onConflictAction: "ignore" });
  const mark = await tx.findOneOrFail(SsoTokenUse, { tokenHash }, { refresh: true });
  if (!mark.shared) throw new SsoRefused("token already used without its user-scoped token");
}

/**
 * Exchanges a verified SSO request for a session on its resource. Each click works once,
 * however its tokens are spelled or split: the legitimate user gets a fresh one by clicking the
 * add-on in Heroku again.
 */
export async function signInWithSso(em: EntityManager, policy: SsoPolicy, request: SsoSignIn, now = new Date()): Promise<SignedIn> {
  const verified = verifySsoToken(request, policy.salt, now, policy.maxAgeSeconds);
  try {
    return await em.fork().transactional(async (tx) => {
      // Claimed first: a concurrent copy of this click waits here for the commit, then fails.
      tx.create(SsoTokenUse, { tokenHash: hashToken(verified.clickKey), usedAt: now, shared: false });
      await tx.flush();
      for (const key of verified.coveredKeys) await markShared(tx, hashToken(key), now);
      await tx.nativeDelete(SsoTokenUse, { usedAt: { $lt: new Date(now.getTime() - 2 * policy.maxAgeSeconds * 1000) } });

      const resource = await tx.findOne(Resource, { herokuUuid: request.resourceId, state: { $ne: "deprovisioned" } });
      if (!resource) throw new SsoRefused("no live resource with that id");

      const { token, lifetime } = newSession(policy.session, now);
      tx.create(CustomerSession, {
        ...lifetime,
        resource,
        herokuUserId: request.userId ?? null,
        email: request.email ?? null,
        userVerified: verified.userVerified,
        app: request.app ?? null,
        contextApp: request.contextApp ?? null,
      });
      return { sessionToken: token, resourceId: resource.id, expiresAt: lifetime.absoluteExpiresAt };
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw new SsoRefused("token already used");
    throw error;
  }
}
