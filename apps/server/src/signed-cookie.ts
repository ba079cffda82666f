import type { FastifyRequest } from "fastify";

/** The value of a cookie signed with `SESSION_SECRET`, or undefined when absent or tampered with. */
export function readSignedCookie(request: FastifyRequest, name: string): string | undefined {
  const raw = request.cookies[name];
  if (!raw) return undefined;
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid && unsigned.value !== null ? unsigned.value : undefined;
}
