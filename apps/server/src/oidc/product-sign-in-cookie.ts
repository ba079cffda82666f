import type { FastifyReply, FastifyRequest } from "fastify";
import { productSignInLifetimeMs } from "@addon-kit/domain";
import { readSignedCookie } from "../signed-cookie.ts";

const cookieName = "addon_kit_product_sign_in";

/**
 * Carries a verified Heroku SSO from the SSO post to the OpenID Provider's interaction, and
 * nowhere else (its path is the provider's). Lax: the product sends the browser to the provider
 * with a top-level GET, which Lax cookies accompany.
 */
export const productSignInCookie = {
  set(reply: FastifyReply, token: string, options: { secure: boolean }) {
    reply.setCookie(cookieName, token, {
      path: "/oidc",
      signed: true,
      httpOnly: true,
      sameSite: "lax",
      secure: options.secure,
      maxAge: productSignInLifetimeMs / 1000,
    });
  },
  read(request: FastifyRequest): string | undefined {
    return readSignedCookie(request, cookieName);
  },
  clear(reply: FastifyReply) {
    reply.clearCookie(cookieName, { path: "/oidc" });
  },
};
