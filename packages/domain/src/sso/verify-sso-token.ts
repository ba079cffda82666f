import { timingSafeEqual } from "node:crypto";
import { SsoRefused } from "../errors.ts";
import { resourceToken, userScopedResourceToken } from "@addon-kit/contracts";

export interface SsoCredentials {
  resourceId: string;
  timestamp: string;
  resourceToken: string | undefined;
  userScopedToken: string | undefined;
  userId: string | undefined;
  email: string | undefined;
}

/**
 * A click on the add-on in Heroku, once its tokens are checked. The keys are the digests we
 * computed, not the ones sent, so no re-spelling of a token (upper case, `token` for
 * `resource_token`, GET for POST) names a different click.
 */
export interface VerifiedSso {
  /** Spent by this sign-in: a second sign-in with the same key is a replay. */
  clickKey: string;
  /**
   * Also spent, but shared: Heroku's form carries the resource-wide sha1 token beside the
   * user-scoped one, and two users clicking in the same second get the same sha1. Marking it
   * lets neither form open a session again with the user-scoped token dropped, while each
   * user's own user-scoped token still opens theirs.
   */
  coveredKeys: string[];
  userVerified: boolean;
}

function sameDigest(expected: string, given: string): boolean {
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(given.toLowerCase(), "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Checks Heroku's SSO tokens: the user-scoped sha256 of `resource_id:salt:timestamp:user_id:email`
 * when present (it also vouches for the user), otherwise the sha1 of `resource_id:salt:timestamp`.
 * Every token sent must match. The timestamp must be within `maxAgeSeconds` of now, either way.
 */
export function verifySsoToken(credentials: SsoCredentials, salt: string, now: Date, maxAgeSeconds: number): VerifiedSso {
  if (!/^\d{1,12}$/.test(credentials.timestamp)) throw new SsoRefused("timestamp is not a number of seconds");
  const age = now.getTime() / 1000 - Number(credentials.timestamp);
  if (Math.abs(age) > maxAgeSeconds) throw new SsoRefused(`timestamp is ${Math.round(age)} s old`);

  const { resourceId, timestamp, userId, email } = credentials;
  const sha1 = resourceToken({ resourceId, salt, timestamp });
  if (credentials.resourceToken !== undefined && !sameDigest(sha1, credentials.resourceToken)) {
    throw new SsoRefused("resource token does not match");
  }
  if (credentials.userScopedToken !== undefined) {
    if (userId === undefined || email === undefined) throw new SsoRefused("user-scoped token without user_id and email");
    const sha256 = userScopedResourceToken({ resourceId, salt, timestamp, userId, email });
    if (!sameDigest(sha256, credentials.userScopedToken)) throw new SsoRefused("user-scoped token does not match");
    return { clickKey: `sha256:${sha256}`, coveredKeys: [`sha1:${sha1}`], userVerified: true };
  }
  if (credentials.resourceToken !== undefined) return { clickKey: `sha1:${sha1}`, coveredKeys: [], userVerified: false };
  throw new SsoRefused("no token");
}
