import { z } from "zod";
import { storableText } from "./storable.ts";

/**
 * What addon-kit reads from Heroku (id.heroku.com and the Platform API), and what Heroku's
 * webhooks deliver. Loose: Heroku adds fields over time.
 */
export const oauthTokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.number().int().positive(),
  token_type: z.string().optional(),
});
export type OauthTokenResponse = z.infer<typeof oauthTokenResponseSchema>;

/** `GET /addons/{id}`: the add-on as Heroku sees it. */
export const addonInfoSchema = z.looseObject({
  id: z.uuid(),
  name: z.string(),
  state: z.enum(["provisioning", "provisioned", "deprovisioned", "deprovisioning"]).or(z.string()),
});
export type AddonInfo = z.infer<typeof addonInfoSchema>;

export const addonAttachmentSchema = z.looseObject({
  id: z.uuid(),
  name: storableText(255).min(1),
  app: z.looseObject({ id: z.uuid(), name: storableText(255).min(1) }),
});
export type AddonAttachment = z.infer<typeof addonAttachmentSchema>;
export const addonAttachmentListSchema = z.array(addonAttachmentSchema);

export const webhookSubscriptionSchema = z.looseObject({ id: z.string() });

/** `POST /addons/{id}/webhooks`: where and what to deliver, with the values Heroku sends back to prove it is Heroku. */
export interface WebhookSubscriptionRequest {
  url: string;
  include: string[];
  level: "notify" | "sync";
  authorization: string;
  secret: string;
}

/** An `api:addon-attachment` event as Heroku's webhooks deliver it. */
export const attachmentWebhookSchema = z.looseObject({
  id: storableText(64).min(1),
  action: z.enum(["create", "destroy", "update"]),
  resource: z.literal("addon-attachment"),
  data: z.looseObject({
    id: z.uuid(),
    name: storableText(255).min(1),
    addon: z.looseObject({ id: z.uuid() }),
    app: z.looseObject({ id: z.uuid(), name: storableText(255).min(1) }),
  }),
});
export type AttachmentWebhook = z.infer<typeof attachmentWebhookSchema>;
