import { randomInt, randomUUID } from "node:crypto";

/** A provision request as Heroku sends it, with a fresh uuid; override any field. */
export function provisionRequest(overrides: Record<string, unknown> = {}) {
  const uuid = randomUUID();
  return {
    uuid,
    name: `acme-${uuid.slice(0, 8)}`,
    plan: "test",
    region: "amazon-web-services::us-east-1",
    callback_url: `https://api.heroku.com/addons/${uuid}`,
    oauth_grant: { code: randomUUID(), expires_at: new Date(Date.now() + 300_000).toISOString(), type: "authorization_code" },
    options: {},
    ...overrides,
  };
}

/**
 * A client address of its own (for `inject`'s `remoteAddress` or `X-Forwarded-For`): rate limits
 * count in the database, which the PostgreSQL project's test files share.
 */
export function clientAddress(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}
