import type { EntityManager } from "@mikro-orm/core";
import { isWebhookSignatureValid } from "@addon-kit/contracts";
import { WebhookRefused } from "../errors.ts";
import { Resource } from "../resources/resource.entity.ts";
import type { SecretBox } from "../secret-box.ts";
import { tokenMatchesHash } from "../token-hash.ts";

export interface WebhookDelivery {
  authorization: string | undefined;
  signature: string | undefined;
  rawBody: Buffer;
}

/**
 * Checks that a delivery comes from the subscription addon-kit made for this resource: the
 * `Authorization` value it chose, and the HMAC of the exact raw body under its secret, both
 * compared in constant time. Every refusal looks the same to the sender, unknown resource included.
 */
export async function authenticateWebhook(em: EntityManager, secrets: SecretBox, resourceId: string, delivery: WebhookDelivery): Promise<void> {
  const resource = await em.findOne(Resource, { id: resourceId });
  if (!resource?.sealedWebhookSecret || !resource.webhookAuthorizationHash) {
    throw new WebhookRefused(`resource ${resourceId} has no live webhook subscription`);
  }
  if (!tokenMatchesHash(delivery.authorization, resource.webhookAuthorizationHash)) throw new WebhookRefused("wrong Authorization header");
  if (!isWebhookSignatureValid(secrets.open(resource.sealedWebhookSecret), delivery.rawBody, delivery.signature)) {
    throw new WebhookRefused("wrong Heroku-Webhook-Hmac-SHA256 signature");
  }
}
