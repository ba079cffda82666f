import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { describeIssues, ssoRequestSchema } from "@addon-kit/contracts";
import { SsoRefused, signInWithSso } from "@addon-kit/domain";
import type { AppConfig } from "../config/load-config.ts";
import { rateLimitKey } from "../plugins/rate-limit-key.ts";
import { sessionCookie } from "./session-cookie.ts";
import { loginInitiationUrl } from "../oidc/login-initiation.ts";
import { productSignInCookie } from "../oidc/product-sign-in-cookie.ts";

/**
 * Heroku's SSO at the path of the manifest's `sso_url`: a form post from the customer's
 * browser (or the same fields as a query string), answered with a session and a redirect.
 */
export const ssoRoutes: FastifyPluginAsyncZod<{ config: AppConfig }> = async (app, { config }) => {
  const path = new URL(config.manifest.api.production.sso_url).pathname;
  const rateLimit = { max: config.sso.rateLimitPerMinute, timeWindow: 60_000, keyGenerator: (request: FastifyRequest) => rateLimitKey("sso", request.ip) };

  app.route({
    method: ["GET", "POST"],
    url: path,
    config: { rateLimit },
    // A HEAD (a link previewer's) would run the sign-in and spend a GET link's tokens.
    exposeHeadRoute: false,
    handler: async (request, reply) => {
      const form = ssoRequestSchema.safeParse(request.method === "POST" ? request.body : request.query);
      if (!form.success) throw new SsoRefused(`malformed request: ${describeIssues(form.error)}`);
      // With the product as an OpenID Connect client, the customer lands in the product, signed in.
      if (config.oidc) {
        const handedOver = await signInWithSso(app.orm.em, config.sso, form.data, { into: "product" });
        productSignInCookie.set(reply, handedOver.signInToken, { secure: config.secureCookies });
        return reply.redirect(loginInitiationUrl(config.oidc, handedOver), 302);
      }
      const signedIn = await signInWithSso(app.orm.em, config.sso, form.data, { into: "dashboard" });
      sessionCookie.set(reply, signedIn.sessionToken, signedIn.resourceId, { expires: signedIn.expiresAt, secure: config.secureCookies });
      return reply.redirect(`/dashboard/${signedIn.resourceId}`, 302);
    },
  });
};
