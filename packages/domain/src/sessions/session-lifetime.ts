import { randomBytes } from "node:crypto";
import { hashToken } from "../token-hash.ts";
import { type SessionPolicy, newSessionExpiry, slidingSessionExpiry } from "./session-policy.ts";

/** What a customer's and a staff member's session share: a hashed token and a sliding expiry. */
export interface SessionLifetime {
  tokenHash: string;
  lastSeenAt: Date;
  expiresAt: Date;
  absoluteExpiresAt: Date;
  revokedAt?: Date | null;
}

/** A new session's unguessable cookie token, and the fields its row keeps (the token only hashed). */
export function newSession(policy: SessionPolicy, now: Date): { token: string; lifetime: Omit<SessionLifetime, "revokedAt"> } {
  const token = randomBytes(32).toString("base64url");
  return { token, lifetime: { tokenHash: hashToken(token), lastSeenAt: now, ...newSessionExpiry(policy, now) } };
}

/** Whether a session opens anything at `now`: not revoked, not expired. */
export function isSessionLive(session: SessionLifetime, now: Date): boolean {
  return !session.revokedAt && session.expiresAt > now;
}

/** Marks a session used at `now`: its idle expiry moves forward, never past its absolute end. */
export function touchSession(session: SessionLifetime, policy: SessionPolicy, now: Date): void {
  session.lastSeenAt = now;
  session.expiresAt = slidingSessionExpiry(policy, now, session.absoluteExpiresAt);
}
