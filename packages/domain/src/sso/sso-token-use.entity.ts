import { type InferEntity, defineEntity, p } from "@mikro-orm/core";

/**
 * SSO tokens already exchanged for a session. A token is only valid within the freshness
 * window, so rows older than twice the window are deleted: they can never match again.
 */
export const SsoTokenUse = defineEntity({
  name: "SsoTokenUse",
  tableName: "sso_token_uses",
  properties: {
    tokenHash: p.string().primary(),
    usedAt: p.datetime().index(),
  },
});
export type SsoTokenUse = InferEntity<typeof SsoTokenUse>;
