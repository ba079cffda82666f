import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DomainError, type SecretBox, attachGrant, spendProductSignIn, subjectOf } from "@addon-kit/domain";
import type { AppConfig, OidcConfig } from "../config/load-config.ts";
import { OpenIdProvider } from "./openid-provider.ts";
import { productSignInCookie } from "./product-sign-in-cookie.ts";

const mountPath = "/oidc";

/**
 * addon-kit as the OpenID Provider of the vendor's product (oidc-provider, OpenID Certified),
 * under `/oidc`: discovery, JWKS, authorization with PKCE, token and userinfo endpoints. Its one
 * screen, the interaction, shows nothing: it turns the fresh Heroku SSO the browser carries into
 * a login and a grant for exactly that resource, or refuses with an OAuth error.
 */
export async function oidcPlugin(app: FastifyInstance, options: { config: AppConfig & { oidc: OidcConfig }; secrets: SecretBox }): Promise<void> {
  const { config } = options;
  const provider = await OpenIdProvider.start(
    {
      oidc: config.oidc,
      em: app.orm.em,
      secrets: options.secrets,
      sessionSecret: config.sessionSecret,
      behindProxy: config.trustProxyHops > 0,
      secureCookies: config.secureCookies,
    },
    (err) => app.log.error({ err }, "reloading the OpenID Provider's keys failed"),
  );
  app.addHook("onClose", async () => provider.stop());

  // The provider reads its own bodies (with its own limit): none is parsed here.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", (_request, _payload, done) => done(null));

  app.get<{ Params: { uid: string } }>(`${mountPath}/interaction/:uid`, async (request, reply) => {
    reply.hijack();
    const oidc = provider.current;
    try {
      const interaction = await oidc.interactionDetails(request.raw, reply.raw);
      const finish = (result: Parameters<typeof oidc.interactionFinished>[2]) =>
        oidc.interactionFinished(request.raw, reply.raw, result, { mergeWithLastSubmission: false });
      let signIn;
      try {
        const loginHint = interaction.params.login_hint;
        signIn = await spendProductSignIn(app.orm.em, productSignInCookie.read(request), { resourceId: typeof loginHint === "string" ? loginHint : undefined });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        request.log.warn({ code: error.code, reason: error.reason }, "product sign-in refused");
        return await finish({ error: "access_denied", error_description: error.message });
      }
      const subject = subjectOf(signIn);
      const grant = new oidc.Grant({ accountId: subject, clientId: config.oidc.clientId });
      grant.addOIDCScope(typeof interaction.params.scope === "string" ? interaction.params.scope : "openid");
      const grantId = await grant.save();
      await attachGrant(app.orm.em, signIn.id, grantId);
      await finish({ login: { accountId: subject, remember: false }, consent: { grantId } });
    } catch (error) {
      answerRawly(request, reply, error);
    }
  });

  const handOver = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    // What mounting under a path means to the provider (Koa): the path below the mount, and where it was mounted.
    const raw = request.raw as typeof request.raw & { originalUrl?: string };
    raw.originalUrl = raw.url;
    raw.url = (raw.url ?? "").slice(mountPath.length) || "/";
    void provider.current.callback()(raw, reply.raw);
  };
  app.all(mountPath, handOver);
  app.all(`${mountPath}/*`, handOver);
}

/**
 * The interaction's answer when it cannot send the browser back to the product: the provider's
 * own OAuth errors (an interaction that expired, its cookie missing) as they are, anything
 * else as a fixed 500 with the error logged. The reply was taken from Fastify, so it is written here.
 */
function answerRawly(request: FastifyRequest, reply: FastifyReply, error: unknown): void {
  const oauth = error instanceof Error && "error" in error && "statusCode" in error && typeof error.statusCode === "number" && error.statusCode < 500;
  if (!oauth) request.log.error({ err: error }, "OpenID Provider interaction failed");
  const status = oauth ? (error.statusCode as number) : 500;
  const body = oauth
    ? { error: String(error.error), error_description: "error_description" in error ? String(error.error_description) : "" }
    : { error: "server_error", error_description: `Internal server error (request id ${request.id})` };
  if (reply.raw.headersSent) return void reply.raw.end();
  reply.raw.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
}
