import { createHash, timingSafeEqual } from "node:crypto";

/** What the database keeps of a token (session, SSO, API key, webhook): a leak of the table opens nothing. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Whether `token` is the one `expectedHash` was made from. Fixed-length digests compared in
 * constant time reveal neither the token nor its length through timing.
 */
export function tokenMatchesHash(token: string | undefined, expectedHash: string): boolean {
  const given = Buffer.from(hashToken(token ?? ""), "hex");
  const expected = Buffer.from(expectedHash, "hex");
  return token !== undefined && expected.length === given.length && timingSafeEqual(expected, given);
}
