import { createHmac, randomBytes } from "node:crypto";
import { LockMode } from "@mikro-orm/core";
import { Resource } from "../resources/resource.entity.ts";
import { recordEvent } from "../resources/record-event.ts";
import { hashToken } from "../token-hash.ts";
import { validAccessToken } from "./access-token.ts";
import type { HerokuContext } from "./heroku-context.ts";

/** The Authorization value Heroku sends with the resource's webhooks, derived from its secret. */
function webhookAuthorization(secret: string): string {
  return `Bearer ${createHmac("sha256", secret).update("authorization").digest("base64url")}`;
}

/**
 * Subscribes the resource to attachment webhooks (so addon-kit learns which apps it is
 * attached to), with a signing secret and an Authorization value of its own, then reconciles
 * the attachments Heroku already has. The secret is stored before Heroku is called, and reused
 * by a retry: a subscription created twice (a lost answer, a retried job) still verifies.
 */
export async function subscribeWebhooks(context: HerokuContext, resourceId: string): Promise<void> {
  const secret = await context.em.fork().transactional(async (em) => {
    const resource = await em.findOne(Resource, { id: resourceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!resource || resource.webhookSubscriptionId || resource.state === "deprovisioned" || resource.state === "failed") return undefined;
    if (resource.sealedWebhookSecret) return context.secrets.open(resource.sealedWebhookSecret);
    const fresh = randomBytes(32).toString("base64url");
    resource.sealedWebhookSecret = context.secrets.seal(fresh);
    resource.webhookAuthorizationHash = hashToken(webhookAuthorization(fresh));
    return fresh;
  });
  if (!secret) return;

  const em = context.em.fork();
  const resource = await em.findOneOrFail(Resource, { id: resourceId });
  const accessToken = await validAccessToken(em, context.heroku, context.secrets, resourceId);
  const subscription = await context.heroku.createWebhook(resource.herokuUuid, accessToken, {
    url: context.webhookUrl(resource.id),
    include: ["api:addon-attachment"],
    level: "sync",
    authorization: webhookAuthorization(secret),
    secret,
  });
  await em.transactional(async (tx) => {
    const current = await tx.findOneOrFail(Resource, { id: resourceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (current.webhookSubscriptionId) return;
    current.webhookSubscriptionId = subscription.id;
    recordEvent(tx, current, { type: "webhooks_subscribed", actor: "system", message: "Subscribed to attachment webhooks" });
    await context.jobs.enqueue(tx, { name: "reconcile-attachments", resourceId });
  });
}
