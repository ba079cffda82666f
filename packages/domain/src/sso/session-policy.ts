/** How long a customer session lives: it slides with use up to an absolute maximum. */
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
