import type { FastifyReply, FastifyRequest } from "fastify";
import { readSignedCookie } from "../signed-cookie.ts";

const cookieName = "addon_kit_session";

/**
 * The session cookie is scoped to its resource's dashboard path, so a browser with several
 * resources open (many_per_app, attachments to several apps) keeps one session for each.
 */
export const sessionCookie = {
  set(reply: FastifyReply, token: string, resourceId: string, options: { expires: Date; secure: boolean }) {
    reply.setCookie(cookieName, token, {
      path: `/dashboard/${resourceId}`,
      signed: true,
      httpOnly: true,
      sameSite: "lax",
      secure: options.secure,
      expires: options.expires,
    });
  },
  read(request: FastifyRequest): string | undefined {
    return readSignedCookie(request, cookieName);
  },
  clear(reply: FastifyReply, resourceId: string) {
    reply.clearCookie(cookieName, { path: `/dashboard/${resourceId}` });
  },
};
