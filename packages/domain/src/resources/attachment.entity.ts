import { type InferEntity, defineEntity, p } from "@mikro-orm/core";
import { Resource } from "./resource.entity.ts";

/** A resource attached to an app (`attachable` add-ons may have several). */
export const Attachment = defineEntity({
  name: "Attachment",
  tableName: "attachments",
  properties: {
    /** Heroku's attachment id. */
    id: p.uuid().primary(),
    resource: () => p.manyToOne(Resource).index(),
    appId: p.uuid().index(),
    appName: p.string().index(),
    /** The attachment name, which prefixes the config vars on that app (e.g. `PRIMARY_DB`). */
    name: p.string(),
    attachedAt: p.datetime().onCreate(() => new Date()),
    detachedAt: p.datetime().nullable(),
  },
});
export type Attachment = InferEntity<typeof Attachment>;
