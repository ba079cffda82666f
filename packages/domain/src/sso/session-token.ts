import { createHash, randomBytes } from "node:crypto";

/** A new unguessable session token for the cookie. */
export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database keeps of a token (session or SSO): a leak of the table opens nothing. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
