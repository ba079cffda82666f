import { randomUUID } from "node:crypto";
import { type InferEntity, defineEntity, p } from "@mikro-orm/core";
import { Resource } from "../../resources/resource.entity.ts";

/** An API key of the built-in tenant provisioner. Only its sha256 is stored. */
export const ApiKey = defineEntity({
  name: "ApiKey",
  tableName: "api_keys",
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    resource: () => p.manyToOne(Resource).index(),
    keyHash: p.string().unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
    revokedAt: p.datetime().nullable(),
    /** Set on rotation: the key was replaced, and works until `expiresAt`. */
    supersededAt: p.datetime().nullable(),
    /** A day after rotation, brought forward to the end of the grace once Heroku has the replacing key. */
    expiresAt: p.datetime().nullable(),
  },
});
export type ApiKey = InferEntity<typeof ApiKey>;
