import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/**
 * Whether Basic credentials are the manifest's `id` and `password`. Comparing fixed-length
 * digests in constant time reveals neither the password nor its length through timing.
 */
export function credentialsMatcher(expected: { username: string; password: string }) {
  const username = digest(expected.username);
  const password = digest(expected.password);
  return (given: { username: string; password: string }): boolean => {
    const usernameOk = timingSafeEqual(digest(given.username), username);
    const passwordOk = timingSafeEqual(digest(given.password), password);
    return usernameOk && passwordOk;
  };
}
