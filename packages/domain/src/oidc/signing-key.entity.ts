import { type InferEntity, defineEntity, p } from "@mikro-orm/core";

/**
 * A key the OpenID Provider signs ID tokens with. Published in the JWKS from creation, used for
 * signing from `activatesAt` (once every process has reloaded its keys and published it), and
 * published until `retiresAt`, after the tokens it signed have expired. The private half is sealed.
 */
export const SigningKey = defineEntity({
  name: "SigningKey",
  tableName: "oidc_signing_keys",
  properties: {
    kid: p.string().primary(),
    sealedPrivateJwk: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
    activatesAt: p.datetime(),
    retiresAt: p.datetime().nullable(),
  },
});
export type SigningKey = InferEntity<typeof SigningKey>;
