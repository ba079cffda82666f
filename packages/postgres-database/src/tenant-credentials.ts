import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";

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

/**
 * The SCRAM-SHA-256 verifier PostgreSQL keeps for a password (`pg_authid.rolpassword`'s format),
 * sent instead of the password so that the password never appears in a statement the server
 * may log (`log_statement = 'ddl'`) or show in `pg_stat_activity`. Written here because pg
 * computes only the client's side of SCRAM. The passwords are base64url, which SASLprep leaves
 * as they are.
 */
export function scramVerifier(password: string): string {
  const salt = randomBytes(16);
  const iterations = 4096;
  const salted = pbkdf2Sync(password, salt, iterations, 32, "sha256");
  const storedKey = createHash("sha256").update(createHmac("sha256", salted).update("Client Key").digest()).digest();
  const serverKey = createHmac("sha256", salted).update("Server Key").digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}
