import type { OidcConfig } from "../config/load-config.ts";

/**
 * Where Heroku SSO sends the browser when the product signs customers in: its login-initiation
 * URL (OpenID Connect Core 1.0, section 4, "Initiating Login from a Third Party") with `iss`, the
 * resource as `login_hint` (which the product passes on, so the provider can hold it to the
 * resource the SSO was for), and `target_link_uri`: the product's landing page with the add-on
 * link's deep-link parameters.
 */
export function loginInitiationUrl(oidc: OidcConfig, signIn: { resourceId: string; deepLink: Record<string, string> }): string {
  const target = new URL(oidc.targetLinkUrl);
  for (const [name, value] of Object.entries(signIn.deepLink)) target.searchParams.set(name, value);
  const url = new URL(oidc.loginUrl);
  url.searchParams.set("iss", oidc.issuer);
  url.searchParams.set("login_hint", signIn.resourceId);
  url.searchParams.set("target_link_uri", target.toString());
  return url.toString();
}
