import { hkdfSync } from "node:crypto";
import type { EntityManager } from "@mikro-orm/core";
import Provider, { type Configuration, type KoaContextWithOIDC, interactionPolicy } from "oidc-provider";
import { type PrivateJwk, type SecretBox, currentSigningKeys, productAccountForGrant, pruneOidcArtifacts } from "@addon-kit/domain";
import type { OidcConfig } from "../config/load-config.ts";
import { databaseAdapter } from "./oidc-adapter.ts";

export interface ProviderParts {
  oidc: OidcConfig;
  em: EntityManager;
  secrets: SecretBox;
  sessionSecret: string;
  /** Behind Heroku's router (or another proxy): the issuer's https comes from X-Forwarded-Proto. */
  behindProxy: boolean;
  secureCookies: boolean;
}

/** Where the provider sends the browser to sign in: addon-kit's own route, which needs a fresh Heroku SSO. */
export const interactionPath = (uid: string) => `/oidc/interaction/${uid}`;

/**
 * Login is asked for on every authorization, whatever session the provider remembers: an ID
 * token needs a fresh, verified Heroku SSO behind it, spent once. A request with `prompt=none`
 * is therefore refused with `login_required`.
 */
function freshSsoPolicy() {
  const policy = interactionPolicy.base();
  policy
    .get("login")
    ?.checks.push(
      new interactionPolicy.Check("heroku_sso", "A sign-in needs a fresh Heroku SSO", (ctx) =>
        ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
      ),
    );
  return policy;
}

/** A JSON error for what cannot go back to the client (an unknown client, a redirect URI it did not register). */
function renderError(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }) {
  ctx.type = "application/json; charset=utf-8";
  ctx.body = { error: out.error, error_description: out.error_description ?? "" };
}

function configuration(parts: ProviderParts, keys: PrivateJwk[]): Configuration {
  const { oidc } = parts;
  return {
    adapter: databaseAdapter(parts.em),
    clients: [
      {
        client_id: oidc.clientId,
        ...(oidc.clientSecret
          ? { client_secret: oidc.clientSecret, token_endpoint_auth_method: "client_secret_basic" }
          : { token_endpoint_auth_method: "none" }),
        redirect_uris: oidc.redirectUris,
        response_types: ["code"],
        grant_types: ["authorization_code"],
      },
    ],
    jwks: { keys },
    // Derived from SESSION_SECRET: every process signs and reads the provider's cookies alike.
    cookies: {
      keys: [Buffer.from(hkdfSync("sha256", parts.sessionSecret, "addon-kit", "oidc-cookies", 32)).toString("base64url")],
      long: { signed: true, secure: parts.secureCookies, httpOnly: true, sameSite: "lax" },
      short: { signed: true, secure: parts.secureCookies, httpOnly: true, sameSite: "lax" },
    },
    pkce: { required: () => true },
    responseTypes: ["code"],
    scopes: ["openid", "email"],
    claims: { openid: ["sub", "heroku_user_id", "resource", "deep_link"], email: ["email", "email_verified"] },
    // The ID token carries the claims too, not only the userinfo endpoint: the product needs them at sign-in.
    conformIdTokenClaims: false,
    issueRefreshToken: async () => false,
    // Only what one first-party client's code flow needs: less to defend.
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      dPoP: { enabled: false },
      resourceIndicators: { enabled: false },
      userinfo: { enabled: true },
    },
    ttl: {
      AuthorizationCode: 60,
      IdToken: oidc.idTokenTtlSeconds,
      AccessToken: oidc.idTokenTtlSeconds,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
    interactions: { url: (_ctx, interaction) => interactionPath(interaction.uid), policy: freshSsoPolicy() },
    // The claims of the sign-in the grant was opened on: its resource, its user, its deep link.
    findAccount: async (_ctx, subject, token) => {
      const account = token?.grantId ? await productAccountForGrant(parts.em, token.grantId) : undefined;
      if (token?.grantId && account?.subject !== subject) return undefined;
      return { accountId: subject, claims: async () => ({ sub: subject, ...account?.claims }) };
    },
    renderError,
  };
}

/**
 * The OpenID Provider, rebuilt when its signing keys change. Each process reloads the keys every
 * minute (rolling them over when due), so a key added by one process is published by all well
 * before it signs; the same pass prunes long-expired artifacts.
 */
export class OpenIdProvider {
  readonly #parts: ProviderParts;
  #provider: Provider;
  #keyIds: string;
  #timer: NodeJS.Timeout | undefined;

  private constructor(parts: ProviderParts, keys: PrivateJwk[]) {
    this.#parts = parts;
    this.#provider = OpenIdProvider.#build(parts, keys);
    this.#keyIds = keys.map((key) => key.kid).join(" ");
  }

  static async start(parts: ProviderParts, onReloadError: (error: unknown) => void): Promise<OpenIdProvider> {
    const provider = new OpenIdProvider(parts, await OpenIdProvider.#keys(parts));
    provider.#timer = setInterval(() => void provider.#reload().catch(onReloadError), 60_000);
    provider.#timer.unref();
    return provider;
  }

  get current(): Provider {
    return this.#provider;
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  async #reload(): Promise<void> {
    const keys = await OpenIdProvider.#keys(this.#parts);
    const keyIds = keys.map((key) => key.kid).join(" ");
    if (keyIds !== this.#keyIds) {
      this.#provider = OpenIdProvider.#build(this.#parts, keys);
      this.#keyIds = keyIds;
    }
    await pruneOidcArtifacts(this.#parts.em);
  }

  static #keys(parts: ProviderParts): Promise<PrivateJwk[]> {
    return currentSigningKeys(parts.em, parts.secrets, { rotateEveryMs: parts.oidc.keyRotationMs });
  }

  static #build(parts: ProviderParts, keys: PrivateJwk[]): Provider {
    const provider = new Provider(parts.oidc.issuer, configuration(parts, keys));
    provider.proxy = parts.behindProxy;
    // Koa answers a path it has no route for in plain text; every refusal here is OAuth's JSON.
    provider.use(async (ctx, next) => {
      await next();
      if (ctx.status !== 404 || ctx.body !== undefined) return;
      ctx.body = { error: "not_found", error_description: `No such OpenID Provider endpoint: ${ctx.path}` };
      // Setting a body makes it a 200 in Koa.
      ctx.status = 404;
    });
    return provider;
  }
}
