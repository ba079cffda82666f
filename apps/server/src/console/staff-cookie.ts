import type { FastifyReply, FastifyRequest } from "fastify";

const cookieName = "addon_kit_staff";

/**
 * The console's session cookie: its own name, so a customer's dashboard cookie never opens the
 * console; `SameSite=Strict`, so no other site can make a browser send it.
 */
export const staffCookie = {
  set(reply: FastifyReply, token: string, secure: boolean) {
    reply.setCookie(cookieName, token, { path: "/", signed: true, httpOnly: true, sameSite: "strict", secure });
  },
  read(request: FastifyRequest): string | undefined {
    const raw = request.cookies[cookieName];
    if (!raw) return undefined;
    const unsigned = request.unsignCookie(raw);
    return unsigned.valid && unsigned.value !== null ? unsigned.value : undefined;
  },
  clear(reply: FastifyReply) {
    reply.clearCookie(cookieName, { path: "/" });
  },
};
