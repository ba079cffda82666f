import { z } from "zod";
import { productResourceSchema } from "./product-api.ts";

/**
 * Lifecycle events addon-kit delivers to the product's events URL, signed like every call
 * (Standard Webhooks: the `webhook-id` header is the event's id, the same on every delivery
 * of it). The envelope is Standard Webhooks' `{type, timestamp, data}`.
 */

const timestamp = z.iso.datetime().meta({ description: "When the change happened (not when this delivery was sent)." });

const attachmentSchema = z
  .object({
    id: z.guid().meta({ description: "Heroku's attachment id." }),
    app_id: z.string(),
    app_name: z.string(),
    name: z.string().meta({ description: "The attachment's name, which prefixes the config vars on that app (e.g. `EXAMPLE_METRICS`)." }),
  })
  .strict()
  .meta({ id: "Attachment" });

function eventSchema<Type extends string, Data extends z.ZodRawShape>(type: Type, description: string, data: Data) {
  return z
    .object({ type: z.literal(type), timestamp, data: z.object({ resource: productResourceSchema, ...data }).strict() })
    .strict()
    .meta({ description });
}

/** One schema per type; each is a page of the OpenAPI document's `webhooks`. */
export const productEventSchemas = [
  eventSchema("resource.provisioned", "The add-on is provisioned: Heroku has its config vars.", {}),
  eventSchema("resource.plan_changed", "The add-on moved to another plan (`resource.plan`).", { previous_plan: z.string() }),
  eventSchema("resource.attachment_added", "The add-on was attached to an app.", { attachment: attachmentSchema }),
  eventSchema("resource.attachment_removed", "The add-on was detached from an app.", { attachment: attachmentSchema }),
  eventSchema("resource.credentials_rotated", "Staff rotated the add-on's credentials; Heroku is being given the new ones.", {
    rotated: z.array(z.string()).meta({ description: "Names of the config vars that changed." }),
  }),
  eventSchema("resource.deprovisioned", "The customer removed the add-on.", {}),
  eventSchema("resource.failed", "The add-on could not be provisioned.", { reason: z.string() }),
] as const;

export const productEventSchema = z.discriminatedUnion("type", productEventSchemas);
export type ProductEvent = z.infer<typeof productEventSchema>;
export type ProductEventType = ProductEvent["type"];
/** The `data` of one type of event. */
export type ProductEventData<Type extends ProductEventType> = Extract<ProductEvent, { type: Type }>["data"];
