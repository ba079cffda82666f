import { randomUUID } from "node:crypto";
import { type InferEntity, defineEntity, p } from "@mikro-orm/core";
import { Resource } from "../resources/resource.entity.ts";

/**
 * A verified Heroku SSO handed to the vendor's product: who Heroku said the user is, for which
 * resource, and the deep link they followed. The browser carries a random token (only its hash is
 * kept) to the OpenID Provider, which turns it into one ID token, once, within minutes.
 */
export const ProductSignIn = defineEntity({
  name: "ProductSignIn",
  tableName: "product_sign_ins",
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    tokenHash: p.string().unique(),
    resource: () => p.manyToOne(Resource),
    herokuUserId: p.string().nullable(),
    email: p.string().nullable(),
    /** True when the user-scoped token vouched for `herokuUserId` and `email`. */
    userVerified: p.boolean(),
    /** As Heroku's form said; no token covers it. */
    app: p.string().nullable(),
    /** Extra query parameters of the add-on link Heroku forwarded (e.g. `issue_no`), validated and bounded. */
    deepLink: p.json<Record<string, string>>(),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
    /** When the OpenID Provider spent it: a sign-in opens one authorization, once. */
    usedAt: p.datetime().nullable(),
    /** The provider's grant it was spent on: tokens issued under it carry this sign-in's claims. */
    grantId: p.string().nullable().unique(),
  },
  // The console lists a resource's recent sign-ins.
  indexes: [{ properties: ["resource", "createdAt"] }],
});
export type ProductSignIn = InferEntity<typeof ProductSignIn>;
