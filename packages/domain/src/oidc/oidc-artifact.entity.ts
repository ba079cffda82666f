import { type InferEntity, defineEntity, p } from "@mikro-orm/core";

/**
 * What the OpenID Provider keeps between requests (its sessions, interactions, authorization
 * codes, access tokens, grants), one row per model and id, in the database so that every web
 * process sees the same: a code issued by one is redeemed at another.
 */
export const OidcArtifact = defineEntity({
  name: "OidcArtifact",
  tableName: "oidc_artifacts",
  properties: {
    model: p.string().primary(),
    id: p.string().primary(),
    payload: p.json<Record<string, unknown>>(),
    grantId: p.string().nullable().index(),
    uid: p.string().nullable().index(),
    expiresAt: p.datetime().nullable().index(),
    consumedAt: p.datetime().nullable(),
  },
});
export type OidcArtifact = InferEntity<typeof OidcArtifact>;
