import { type InferEntity, defineEntity, p } from "@mikro-orm/core";
import { Resource } from "../resources/resource.entity.ts";

/** Heroku webhook events already applied, by event id: a redelivery changes nothing. */
export const WebhookEvent = defineEntity({
  name: "WebhookEvent",
  tableName: "webhook_events",
  properties: {
    id: p.string().primary(),
    resourceId: () => p.manyToOne(Resource).mapToPk().fieldName("resource_id").deleteRule("cascade").index(),
    action: p.string(),
    receivedAt: p.datetime().onCreate(() => new Date()),
  },
});
export type WebhookEvent = InferEntity<typeof WebhookEvent>;
