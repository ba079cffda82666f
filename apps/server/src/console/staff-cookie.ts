import type { FastifyReply, FastifyRequest } from "fastify";
import { readSignedCookie } from "../signed-cookie.ts";

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
    return readSignedCookie(request, cookieName);
  },
  clear(reply: FastifyReply) {
    reply.clearCookie(cookieName, { path: "/" });
  },
};
