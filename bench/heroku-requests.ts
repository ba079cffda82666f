import { randomUUID } from "node:crypto";
import { signedSsoForm } from "@addon-kit/contracts";

/** A provision as Heroku sends it: its own uuid and OAuth grant. */
export function provisionBody(uuid: string = randomUUID()): string {
  const oauth_grant = { code: randomUUID(), expires_at: new Date(Date.now() + 300_000).toISOString(), type: "authorization_code" };
  return JSON.stringify({ uuid, name: `bench-${uuid.slice(0, 8)}`, plan: "basic", region: "amazon-web-services::us-east-1", options: {}, oauth_grant });
}

/** An SSO click as Heroku's form posts it, by a user of its own, so that no click is a replay of another. */
export function ssoFormBody(resourceId: string, salt: string): string {
  const userId = randomUUID();
  return new URLSearchParams(signedSsoForm({ resourceId, salt, userId, email: `${userId.slice(0, 8)}@example.com` })).toString();
}
