/** How long a session (a customer's or a staff member's) lives: it slides with use up to an absolute maximum. */
export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

export interface SsoPolicy {
  salt: string;
  /** How far a token's timestamp may be from now, either way. */
  maxAgeSeconds: number;
  session: SessionPolicy;
}

/** The expiry times of a session opened at `now`. */
export function newSessionExpiry(policy: SessionPolicy, now: Date): { expiresAt: Date; absoluteExpiresAt: Date } {
  const absoluteExpiresAt = new Date(now.getTime() + policy.maxHours * 3_600_000);
  return { expiresAt: slidingSessionExpiry(policy, now, absoluteExpiresAt), absoluteExpiresAt };
}

/** When a session used at `now` expires: `idleMinutes` later, never past its absolute end. */
export function slidingSessionExpiry(policy: SessionPolicy, now: Date, absoluteExpiresAt: Date): Date {
  return new Date(Math.min(now.getTime() + policy.idleMinutes * 60_000, absoluteExpiresAt.getTime()));
}
