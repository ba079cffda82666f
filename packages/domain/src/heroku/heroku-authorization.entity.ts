import { type InferEntity, defineEntity, p } from "@mikro-orm/core";
import { Resource } from "../resources/resource.entity.ts";

/**
 * A resource's OAuth grant and the tokens it was exchanged for, all sealed with the
 * encryption key. One row per resource, keyed by the resource's id.
 */
export const HerokuAuthorization = defineEntity({
  name: "HerokuAuthorization",
  tableName: "heroku_authorizations",
  properties: {
    // The resource's id as a plain value (use cases look rows up by it), and a foreign key to it.
    resourceId: () => p.oneToOne(Resource).primary().mapToPk().fieldName("resource_id").deleteRule("cascade"),
    sealedGrantCode: p.text().nullable(),
    grantExpiresAt: p.datetime().nullable(),
    sealedAccessToken: p.text().nullable(),
    sealedRefreshToken: p.text().nullable(),
    accessTokenExpiresAt: p.datetime().nullable(),
    exchangedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type HerokuAuthorization = InferEntity<typeof HerokuAuthorization>;
