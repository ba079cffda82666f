import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import * as client from "openid-client";
import type { Store } from "./store.ts";

export interface SignInOptions {
  /** addon-kit's issuer (`<its PUBLIC_URL>/oidc`). */
  issuer: string;
  clientId: string;
  /** Unset: a public client, with PKCE alone. */
  clientSecret: string | undefined;
  /** This product's own address: the redirect URI is `<url>/login/callback`. */
  url: string;
}

/** What the product keeps of a signed-in user: the ID token's claims, as addon-kit documents them. */
export interface SignedInUser {
  sub: string;
  email?: string;
  email_verified?: boolean;
  heroku_user_id?: string;
  resource?: { id: string; heroku_uuid: string; name: string; plan: string; app: string | null };
  deep_link?: Record<string, string>;
}

const loginCookie = "example_login";
const sessionCookie = "example_session";

/**
 * Sign-in with OpenID Connect, from addon-kit: Heroku SSO sends the browser to `/login` (the
 * login-initiation URL, OpenID Connect Core 1.0 section 4), which starts an ordinary
 * authorization code flow with PKCE, state and nonce (openid-client, OpenID Certified); the
 * callback opens the product's own session and lands on `target_link_uri`.
 */
export function signInRoutes(store: Store, options: SignInOptions) {
  const redirectUri = new URL("/login/callback", options.url).toString();
  // Discovered on first use: addon-kit may start after the product.
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () =>
    (discovered ??= client
      .discovery(
        new URL(options.issuer),
        options.clientId,
        undefined,
        options.clientSecret ? client.ClientSecretBasic(options.clientSecret) : client.None(),
        // Plain http only to an issuer on this machine (development, tests).
        new URL(options.issuer).protocol === "http:" ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      }));

  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { iss?: string; login_hint?: string; target_link_uri?: string } }>("/login", async (request, reply) => {
      // Only addon-kit may start a sign-in here; any other issuer is someone else's idea.
      if (request.query.iss !== options.issuer)
        return reply.code(400).type("text/html").send(page("Sign-in refused", "This sign-in was not started by addon-kit."));
      const target = sameOrigin(request.query.target_link_uri, options.url) ?? "/";
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      reply.setCookie(loginCookie, JSON.stringify({ verifier, state, nonce, target }), {
        path: "/login",
        httpOnly: true,
        sameSite: "lax",
        signed: true,
        maxAge: 600,
      });
      const authorization = client.buildAuthorizationUrl(await configuration(), {
        redirect_uri: redirectUri,
        scope: "openid email",
        state,
        nonce,
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        // Passed on, so that addon-kit holds the sign-in to the resource the SSO was for.
        ...(request.query.login_hint ? { login_hint: request.query.login_hint } : {}),
      });
      return reply.redirect(authorization.toString(), 302);
    });

    app.get("/login/callback", async (request, reply) => {
      const started = readSigned(request, loginCookie);
      reply.clearCookie(loginCookie, { path: "/login" });
      if (!started) return reply.code(400).type("text/html").send(page("Sign-in refused", "This sign-in was not started here, or took too long."));
      const { verifier, state, nonce, target } = JSON.parse(started) as { verifier: string; state: string; nonce: string; target: string };
      const query = request.query as Record<string, string | undefined>;
      if (query.error)
        return reply
          .code(403)
          .type("text/html")
          .send(page("Sign-in refused", `${query.error}: ${query.error_description ?? ""}`));
      try {
        const tokens = await client.authorizationCodeGrant(await configuration(), new URL(request.url, options.url), {
          pkceCodeVerifier: verifier,
          expectedState: state,
          expectedNonce: nonce,
          idTokenExpected: true,
        });
        const user = tokens.claims() as unknown as SignedInUser;
        const session = randomBytes(24).toString("base64url");
        store.openSession(session, JSON.stringify(user), new Date());
        reply.setCookie(sessionCookie, session, { path: "/", httpOnly: true, sameSite: "lax", signed: true, maxAge: 8 * 3600 });
        return reply.redirect(target, 302);
      } catch (error) {
        request.log.warn({ err: error }, "sign-in failed");
        return reply
          .code(403)
          .type("text/html")
          .send(page("Sign-in refused", error instanceof Error ? error.message : "The sign-in could not be completed."));
      }
    });

    // The product itself: who is signed in, into which tenant, and where the deep link pointed.
    app.get<{ Querystring: Record<string, string | undefined> }>("/", async (request, reply) => {
      const session = readSigned(request, sessionCookie);
      const user = session ? store.session(session) : undefined;
      if (!user) return reply.code(401).type("text/html").send(page("Not signed in", "Open the add-on from your Heroku Dashboard."));
      const signedIn = JSON.parse(user) as SignedInUser;
      const issue = request.query.issue_no;
      return reply.type("text/html").send(
        page(
          "Example Metrics",
          `<p id="user">Signed in as <strong>${escape(signedIn.email ?? signedIn.sub)}</strong> (${signedIn.email_verified ? "verified by Heroku" : "not verified by Heroku"})</p>
           <p id="tenant">Tenant <strong>${escape(signedIn.resource?.name ?? "?")}</strong> on the <strong>${escape(signedIn.resource?.plan ?? "?")}</strong> plan</p>
           ${issue ? `<p id="deep-link">Issue #${escape(issue)}</p>` : ""}`,
        ),
      );
    });
  };
}

function readSigned(request: FastifyRequest, name: string): string | undefined {
  const raw = request.cookies[name];
  if (!raw) return undefined;
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid && unsigned.value !== null ? unsigned.value : undefined;
}

/** The target if it is a page of this product; a sign-in must not be turned into a redirect elsewhere. */
function sameOrigin(target: string | undefined, own: string): string | undefined {
  if (!target || !URL.canParse(target)) return undefined;
  const url = new URL(target);
  return url.origin === new URL(own).origin ? `${url.pathname}${url.search}` : undefined;
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><h1>${escape(title)}</h1>${body}</body></html>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
