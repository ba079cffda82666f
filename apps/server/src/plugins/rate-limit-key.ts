import { normalizeIP } from "@fastify/rate-limit";

/**
 * What a limit counts a client by: its address, IPv6 by its /64 (one subscriber holds the whole
 * block, so rotating inside it must not reset the count) and IPv4-mapped IPv6 as IPv4, as
 * `@fastify/rate-limit` does for its default key.
 */
export function rateLimitKey(limit: string, clientAddress: string): string {
  return `${limit}:${normalizeIP(clientAddress)}`;
}
