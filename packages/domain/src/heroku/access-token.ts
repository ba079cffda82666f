import type { EntityManager } from "@mikro-orm/core";
import type { SecretBox } from "../secret-box.ts";
import type { HerokuPort } from "./heroku-port.ts";
import { HerokuAuthorization } from "./heroku-authorization.entity.ts";
import { accessTokenRefreshMarginMs } from "./heroku-context.ts";

export class NoAccessToken extends Error {
  override name = "NoAccessToken";
}

/** Stores tokens from Heroku's token endpoint, sealed. */
export function storeTokens(
  authorization: HerokuAuthorization,
  secrets: SecretBox,
  tokens: { access_token: string; refresh_token?: string | undefined; expires_in: number },
  now = new Date(),
): void {
  authorization.sealedAccessToken = secrets.seal(tokens.access_token);
  if (tokens.refresh_token) authorization.sealedRefreshToken = secrets.seal(tokens.refresh_token);
  authorization.accessTokenExpiresAt = new Date(now.getTime() + tokens.expires_in * 1000);
}

/**
 * A usable access token for the resource, refreshed first when it expires within the margin
 * (before, not after, it expires: the inverse of a bug in Heroku's own example add-on).
 */
export async function validAccessToken(em: EntityManager, heroku: HerokuPort, secrets: SecretBox, resourceId: string, now = new Date()): Promise<string> {
  const authorization = await em.findOne(HerokuAuthorization, { resourceId });
  if (!authorization?.sealedAccessToken || !authorization.accessTokenExpiresAt) {
    throw new NoAccessToken(`resource ${resourceId} has no access token yet`);
  }
  if (authorization.accessTokenExpiresAt.getTime() - now.getTime() > accessTokenRefreshMarginMs) {
    return secrets.open(authorization.sealedAccessToken);
  }
  if (!authorization.sealedRefreshToken) throw new NoAccessToken(`resource ${resourceId} has no refresh token`);
  const tokens = await heroku.refreshToken(secrets.open(authorization.sealedRefreshToken));
  storeTokens(authorization, secrets, tokens, now);
  await em.flush();
  return tokens.access_token;
}
