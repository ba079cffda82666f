import { createHash } from "node:crypto";

/**
 * Our id for the resource of a Heroku uuid: the same on every attempt to provision it, so a
 * retried call to another system (the product) carries the same body as the first, whose
 * transaction may have rolled back. A UUIDv8 (RFC 9562's custom version) from a SHA-256 of the
 * uuid. Not a secret: nothing is reached by knowing it.
 */
export function resourceIdFor(herokuUuid: string): string {
  const bytes = createHash("sha256").update(`addon-kit:resource:${herokuUuid.toLowerCase()}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
