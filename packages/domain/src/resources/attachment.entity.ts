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
  // The console finds resources by a prefix of an attached app's name.
  indexes: [
    {
      name: "attachments_app_name_prefix_index",
      expression: 'create index "attachments_app_name_prefix_index" on "attachments" ("app_name" text_pattern_ops)',
    },
  ],
});
export type Attachment = InferEntity<typeof Attachment>;
