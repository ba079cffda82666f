import { type InferEntity, defineEntity, p } from "@mikro-orm/core";

/** Heroku webhook events already applied, by event id: a redelivery changes nothing. */
export const WebhookEvent = defineEntity({
  name: "WebhookEvent",
  tableName: "webhook_events",
  properties: {
    id: p.string().primary(),
    resourceId: p.uuid().index(),
    action: p.string(),
    receivedAt: p.datetime().onCreate(() => new Date()),
  },
});
export type WebhookEvent = InferEntity<typeof WebhookEvent>;
