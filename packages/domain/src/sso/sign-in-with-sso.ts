import { type EntityManager, UniqueConstraintViolationException } from "@mikro-orm/core";
import type { SqlEntityManager } from "@mikro-orm/sql";
import { SsoRefused } from "../errors.ts";
import { Resource } from "../resources/resource.entity.ts";
import { CustomerSession } from "./customer-session.entity.ts";
import { newSession } from "../sessions/session-lifetime.ts";
import type { SsoPolicy } from "../sessions/session-policy.ts";
import { hashToken } from "../token-hash.ts";
import { SsoTokenUse } from "./sso-token-use.entity.ts";
import { type SsoCredentials, verifySsoToken } from "./verify-sso-token.ts";
import { openProductSignIn } from "../oidc/product-sign-ins.ts";

export interface SsoSignIn extends SsoCredentials {
  app: string | undefined;
  contextApp: string | undefined;
  /** Extra parameters of the add-on link, for the product to land on (validated by the contract). */
  deepLink: Record<string, string>;
}

/** Where a verified click lands: the built-in dashboard, or the vendor's product (OpenID Connect). */
export type SignedIn =
  | { into: "dashboard"; sessionToken: string; resourceId: string; expiresAt: Date }
  | { into: "product"; signInToken: string; resourceId: string; deepLink: Record<string, string> };

/**
 * Marks a resource-wide token as seen beside a user-scoped one, unless another user's click
 * marked it already; refuses when it opened a session on its own, since this is then the same
 * click a second time. One statement, in the sign-in's transaction: the ORM's upsert returns the
 * values it sent rather than the row it met, so it would need a second read to tell the two apart.
 */
async function markShared(tx: EntityManager, tokenHash: string, now: Date): Promise<void> {
  const [mark] = await tx.getConnection().execute<{ shared: boolean }[]>(
    // The no-op update makes `returning` answer the row that was there; `do nothing` would answer nothing.
    `insert into sso_token_uses as u (token_hash, used_at, shared) values (?, ?, true)
     on conflict (token_hash) do update set used_at = u.used_at
     returning shared`,
    [tokenHash, now],
    "all",
    tx.getTransactionContext(),
  );
  if (!mark?.shared) throw new SsoRefused("token already used without its user-scoped token");
}

/**
 * Stale clicks can never match again (their tokens fail the freshness check first), so they only
 * need to go eventually: each process deletes them at most this often rather than on every
 * sign-in, which saved a statement per click. Several processes doing so is harmless.
 */
const pruneStaleClicksEveryMs = 60_000;
let nextPruneAt = 0;

/**
 * Exchanges a verified SSO request for a session on its resource. Each click works once,
 * however its tokens are spelled or split: the legitimate user gets a fresh one by clicking the
 * add-on in Heroku again.
 *
 * Every click writes new rows and reads one id, so its statements go straight to the database
 * (`insert`, Kysely) instead of through the unit of work, whose change tracking and entity
 * hydration were most of a sign-in's CPU (the SSO benchmark went from 0.40x to about 0.5x of a
 * hand-written `pg` server).
 */
export async function signInWithSso<Into extends SignedIn["into"]>(
  em: EntityManager,
  policy: SsoPolicy,
  request: SsoSignIn,
  options: { into: Into; now?: Date },
): Promise<Extract<SignedIn, { into: Into }>> {
  const now = options.now ?? new Date();
  const verified = verifySsoToken(request, policy.salt, now, policy.maxAgeSeconds);
  try {
    // The transaction's answer matches `options.into`; TypeScript cannot follow that through the branches below.
    return (await em.fork().transactional(async (tx): Promise<SignedIn> => {
      // Claimed first: a concurrent copy of this click waits here for the commit, then fails.
      await tx.insert(SsoTokenUse, { tokenHash: hashToken(verified.clickKey), usedAt: now, shared: false });
      for (const key of verified.coveredKeys) await markShared(tx, hashToken(key), now);
      if (Date.now() >= nextPruneAt) {
        nextPruneAt = Date.now() + pruneStaleClicksEveryMs;
        await tx.nativeDelete(SsoTokenUse, { usedAt: { $lt: new Date(now.getTime() - 2 * policy.maxAgeSeconds * 1000) } });
      }

      // Only its id is needed: the session and the product sign-in refer to it.
      const live = await (tx as SqlEntityManager)
        .getKysely<{ resources: { id: string; heroku_uuid: string; state: string } }>()
        .selectFrom("resources")
        .select("id")
        .where("heroku_uuid", "=", request.resourceId)
        .where("state", "<>", "deprovisioned")
        .executeTakeFirst();
      if (!live) throw new SsoRefused("no live resource with that id");
      const resource = tx.getReference(Resource, live.id);
      if (options.into === "product") {
        const signInToken = openProductSignIn(tx, resource, { ...request, userVerified: verified.userVerified }, now);
        return { into: "product" as const, signInToken, resourceId: resource.id, deepLink: request.deepLink };
      }

      const { token, lifetime } = newSession(policy.session, now);
      const session = tx.create(
        CustomerSession,
        {
          ...lifetime,
          resource,
          herokuUserId: request.userId ?? null,
          email: request.email ?? null,
          userVerified: verified.userVerified,
          app: request.app ?? null,
          contextApp: request.contextApp ?? null,
        },
        { persist: false },
      );
      await tx.insert(session);
      return { into: "dashboard" as const, sessionToken: token, resourceId: resource.id, expiresAt: lifetime.absoluteExpiresAt };
    })) as Extract<SignedIn, { into: Into }>;
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw new SsoRefused("token already used");
    throw error;
  }
}
