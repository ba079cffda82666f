import { createHmac } from "node:crypto";

/**
 * A login role's password, derived from the role's name with a key only addon-kit holds. A
 * random password could not be given twice: when a provision is retried after a crash, or two
 * requests race, the role already exists and the first password is lost, yet exactly one of the
 * attempts is recorded and answered to Heroku. Derived, every attempt sets and answers the same
 * one. Names are never reused (generations only go up), so neither is a password. Anyone with
 * the key has every password; the same key already opens the sealed config vars that hold them.
 */
export function loginPassword(key: Buffer, role: string): string {
  return createHmac("sha256", key).update(`tenant-database-password\n${role}`).digest("base64url");
}

/** Where the app connects: the public address's host, port and parameters (such as `sslmode`). */
export function connectionUrl(publicUrl: URL, credentials: { role: string; password: string; database: string }): string {
  const url = new URL(publicUrl);
  url.username = credentials.role;
  url.password = credentials.password;
  url.pathname = `/${credentials.database}`;
  return url.toString();
}
