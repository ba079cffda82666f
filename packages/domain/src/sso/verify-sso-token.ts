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

export interface VerifiedSso {
  /** The token that was checked; it may be used once. */
  token: string;
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
 * The timestamp must be within `maxAgeSeconds` of now, either way.
 */
export function verifySsoToken(credentials: SsoCredentials, salt: string, now: Date, maxAgeSeconds: number): VerifiedSso {
  if (!/^\d{1,12}$/.test(credentials.timestamp)) throw new SsoRefused("timestamp is not a number of seconds");
  const age = now.getTime() / 1000 - Number(credentials.timestamp);
  if (Math.abs(age) > maxAgeSeconds) throw new SsoRefused(`timestamp is ${Math.round(age)} s old`);

  const { resourceId, timestamp, userId, email } = credentials;
  if (credentials.userScopedToken !== undefined) {
    if (userId === undefined || email === undefined) throw new SsoRefused("user-scoped token without user_id and email");
    const expected = userScopedResourceToken({ resourceId, salt, timestamp, userId, email });
    if (!sameDigest(expected, credentials.userScopedToken)) throw new SsoRefused("user-scoped token does not match");
    return { token: credentials.userScopedToken, userVerified: true };
  }
  if (credentials.resourceToken !== undefined) {
    const expected = resourceToken({ resourceId, salt, timestamp });
    if (!sameDigest(expected, credentials.resourceToken)) throw new SsoRefused("resource token does not match");
    return { token: credentials.resourceToken, userVerified: false };
  }
  throw new SsoRefused("no token");
}
