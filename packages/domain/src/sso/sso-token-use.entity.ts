import { type InferEntity, defineEntity, p } from "@mikro-orm/core";

/**
 * Clicks already exchanged for a session, by the sha256 of their key (see `VerifiedSso`). A
 * token is only valid within the freshness window, so rows older than twice the window are
 * deleted: they can never match again.
 */
export const SsoTokenUse = defineEntity({
  name: "SsoTokenUse",
  tableName: "sso_token_uses",
  properties: {
    tokenHash: p.string().primary(),
    usedAt: p.datetime().index(),
    /**
     * A resource-wide sha1 token seen beside user-scoped ones: it may not open a session on its
     * own any more, but other users' user-scoped tokens of the same second still do.
     */
    shared: p.boolean().default(false),
  },
});
export type SsoTokenUse = InferEntity<typeof SsoTokenUse>;
