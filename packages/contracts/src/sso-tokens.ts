import { createHash } from "node:crypto";

export interface SsoTokenInput {
  resourceId: string;
  salt: string;
  timestamp: string;
}

/** Heroku's `resource_token`: hex sha1 of `resource_id:sso_salt:timestamp`. */
export function resourceToken({ resourceId, salt, timestamp }: SsoTokenInput): string {
  return createHash("sha1").update(`${resourceId}:${salt}:${timestamp}`).digest("hex");
}

/** Heroku's `user_scoped_resource_token`: hex sha256 of `resource_id:sso_salt:timestamp:user_id:email`. */
export function userScopedResourceToken(input: SsoTokenInput & { userId: string; email: string }): string {
  const { resourceId, salt, timestamp, userId, email } = input;
  return createHash("sha256").update(`${resourceId}:${salt}:${timestamp}:${userId}:${email}`).digest("hex");
}

/** The form Heroku would post for this user: what the local `sso` command and the tests sign. */
export function signedSsoForm(input: { resourceId: string; salt: string; userId: string; email: string; app?: string; now?: Date }) {
  const timestamp = Math.floor((input.now ?? new Date()).getTime() / 1000).toString();
  const base = { resourceId: input.resourceId, salt: input.salt, timestamp };
  return {
    resource_id: input.resourceId,
    timestamp,
    resource_token: resourceToken(base),
    user_scoped_resource_token: userScopedResourceToken({ ...base, userId: input.userId, email: input.email }),
    user_id: input.userId,
    email: input.email,
    app: input.app ?? "my-app",
    context_app: input.app ?? "my-app",
  };
}
