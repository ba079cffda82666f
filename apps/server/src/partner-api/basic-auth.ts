import { hashToken, tokenMatchesHash } from "@addon-kit/domain";

/**
 * Whether Basic credentials are the manifest's `id` and `password`. Comparing fixed-length
 * digests in constant time reveals neither the password nor its length through timing.
 */
export function credentialsMatcher(expected: { username: string; password: string }) {
  const username = hashToken(expected.username);
  const password = hashToken(expected.password);
  return (given: { username: string; password: string }): boolean => {
    // Both compared, so a right username is not told apart by time from a wrong one.
    const usernameOk = tokenMatchesHash(given.username, username);
    const passwordOk = tokenMatchesHash(given.password, password);
    return usernameOk && passwordOk;
  };
}
