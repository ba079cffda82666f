import { type InferEntity, defineEntity, p } from "@mikro-orm/core";
import { Resource } from "./resource.entity.ts";

/** What happened to a resource, by whom and why. Rows are only ever appended. */
export const ResourceEvent = defineEntity({
  name: "ResourceEvent",
  tableName: "resource_events",
  properties: {
    id: p.bigint("number").primary().autoincrement(),
    resource: () => p.manyToOne(Resource),
    type: p.string(),
    /** `heroku`, `system`, or `staff:<email>`. */
    actor: p.text(),
    message: p.text(),
    data: p.json<Record<string, unknown>>().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ["resource", "createdAt"] }],
});
export type ResourceEvent = InferEntity<typeof ResourceEvent>;
