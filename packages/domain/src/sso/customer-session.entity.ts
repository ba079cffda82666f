import { randomUUID } from "node:crypto";
import { type InferEntity, defineEntity, p } from "@mikro-orm/core";
import { Resource } from "../resources/resource.entity.ts";

/**
 * A customer's dashboard session, opened by Heroku SSO, bound to one resource and one Heroku
 * user. The cookie carries a random token; only its sha256 is stored.
 */
export const CustomerSession = defineEntity({
  name: "CustomerSession",
  tableName: "customer_sessions",
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    tokenHash: p.string().unique(),
    resource: () => p.manyToOne(Resource).index(),
    herokuUserId: p.string().nullable(),
    email: p.string().nullable(),
    /** True when the user-scoped token vouched for `herokuUserId` and `email`. */
    userVerified: p.boolean(),
    /** As Heroku's form said; no token covers them, so they are shown, never trusted. */
    app: p.string().nullable(),
    contextApp: p.string().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastSeenAt: p.datetime(),
    /** Slides forward with use, never past `absoluteExpiresAt`. */
    expiresAt: p.datetime(),
    absoluteExpiresAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
  },
});
export type CustomerSession = InferEntity<typeof CustomerSession>;
