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

/** Refreshes in flight in this process, by resource: jobs that need a new token at once share one. */
const refreshing = new Map<string, Promise<string>>();

/**
 * A usable access token for the resource, refreshed first when it expires within the margin
 * (before, not after, it expires: the inverse of a bug in Heroku's own example add-on). The
 * refresh call happens outside any transaction; concurrent refreshes in one process share one
 * call, and two processes refreshing at once both get valid tokens (the later one is kept).
 */
export async function validAccessToken(em: EntityManager, heroku: HerokuPort, secrets: SecretBox, resourceId: string, now = new Date()): Promise<string> {
  const authorization = await em.fork().findOne(HerokuAuthorization, { resourceId });
  if (!authorization?.sealedAccessToken || !authorization.accessTokenExpiresAt) {
    throw new NoAccessToken(`resource ${resourceId} has no access token yet`);
  }
  if (authorization.accessTokenExpiresAt.getTime() - now.getTime() > accessTokenRefreshMarginMs) {
    return secrets.open(authorization.sealedAccessToken);
  }
  const { sealedRefreshToken } = authorization;
  if (!sealedRefreshToken) throw new NoAccessToken(`resource ${resourceId} has no refresh token`);

  let refresh = refreshing.get(resourceId);
  if (!refresh) {
    refresh = (async () => {
      const tokens = await heroku.refreshToken(secrets.open(sealedRefreshToken));
      await em.fork().transactional(async (tx) => {
        const current = await tx.findOneOrFail(HerokuAuthorization, { resourceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        // Erased by a deprovision meanwhile: keep it erased.
        if (current.sealedAccessToken) storeTokens(current, secrets, tokens, now);
      });
      return tokens.access_token;
    })().finally(() => refreshing.delete(resourceId));
    refreshing.set(resourceId, refresh);
  }
  return refresh;
}
