import type { EntityManager } from "@mikro-orm/core";
import { ProductSignIn } from "./product-sign-in.entity.ts";

/** What the product learns of a signed-in user, as ID token and userinfo claims. */
export interface ProductClaims {
  heroku_user_id: string | null;
  email: string | null;
  /** True only when Heroku's user-scoped token vouched for the user; the sha1 token covers the resource alone. */
  email_verified: boolean;
  resource: { id: string; heroku_uuid: string; name: string; plan: string; app: string | null };
  /** The add-on link's extra parameters, for the product to land on the right page. */
  deep_link: Record<string, string>;
}

/**
 * The subject a sign-in identifies: stable for a user Heroku vouched for, and scoped to the
 * resource when Heroku vouched for the resource alone (then `user_id` is the form's word, which
 * one collaborator could change to another's).
 */
export function subjectOf(signIn: ProductSignIn): string {
  return signIn.userVerified && signIn.herokuUserId
    ? `heroku:${signIn.herokuUserId}`
    : `heroku-unverified:${signIn.resource.id}:${signIn.herokuUserId ?? signIn.email ?? ""}`;
}

/**
 * The account behind the sign-in a grant was made on: its subject and its claims, as they are
 * now; undefined once its resource is deprovisioned, so no token is issued for it any more.
 */
export async function productAccountForGrant(em: EntityManager, grantId: string): Promise<{ subject: string; claims: ProductClaims } | undefined> {
  const signIn = await em.fork().findOne(ProductSignIn, { grantId }, { populate: ["resource", "resource.plan"] });
  if (!signIn || signIn.resource.state === "deprovisioned") return undefined;
  const { resource } = signIn;
  return {
    subject: subjectOf(signIn),
    claims: {
      heroku_user_id: signIn.herokuUserId ?? null,
      email: signIn.email ?? null,
      email_verified: signIn.userVerified,
      resource: { id: resource.id, heroku_uuid: resource.herokuUuid, name: resource.name, plan: resource.plan.slug, app: signIn.app ?? null },
      deep_link: signIn.deepLink,
    },
  };
}
