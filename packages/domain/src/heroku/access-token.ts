import { type EntityManager, LockMode } from "@mikro-orm/core";
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
 * (before, not after, it expires: the inverse of a bug in Heroku's own example add-on). The
 * refresh happens under the authorization's row lock, so jobs that need a token at the same
 * moment refresh it once and share the result.
 */
export async function validAccessToken(em: EntityManager, heroku: HerokuPort, secrets: SecretBox, resourceId: string, now = new Date()): Promise<string> {
  const usable = (authorization: HerokuAuthorization | null) =>
    authorization?.sealedAccessToken && authorization.accessTokenExpiresAt && authorization.accessTokenExpiresAt.getTime() - now.getTime() > accessTokenRefreshMarginMs
      ? secrets.open(authorization.sealedAccessToken)
      : undefined;
  const current = await em.fork().findOne(HerokuAuthorization, { resourceId });
  if (!current?.sealedAccessToken) throw new NoAccessToken(`resource ${resourceId} has no access token yet`);
  const token = usable(current);
  if (token) return token;

  return em.fork().transactional(async (tx) => {
    const locked = await tx.findOneOrFail(HerokuAuthorization, { resourceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const refreshedMeanwhile = usable(locked);
    if (refreshedMeanwhile) return refreshedMeanwhile;
    if (!locked.sealedRefreshToken) throw new NoAccessToken(`resource ${resourceId} has no refresh token`);
    const tokens = await heroku.refreshToken(secrets.open(locked.sealedRefreshToken));
    storeTokens(locked, secrets, tokens, now);
    return tokens.access_token;
  });
}
