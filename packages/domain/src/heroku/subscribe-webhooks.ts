import { randomBytes } from "node:crypto";
import { Resource } from "../resources/resource.entity.ts";
import { recordEvent } from "../resources/record-event.ts";
import { hashToken } from "../sso/session-token.ts";
import { validAccessToken } from "./access-token.ts";
import type { HerokuContext } from "./heroku-context.ts";

/**
 * Subscribes the resource to attachment webhooks (so addon-kit learns which apps it is
 * attached to), with a signing secret and an Authorization value of its own, then reconciles
 * the attachments Heroku already has.
 */
export async function subscribeWebhooks(context: HerokuContext, resourceId: string): Promise<void> {
  const em = context.em.fork();
  const resource = await em.findOne(Resource, { id: resourceId });
  if (!resource || resource.webhookSubscriptionId || resource.state === "deprovisioned" || resource.state === "failed") return;
  const accessToken = await validAccessToken(em, context.heroku, context.secrets, resourceId);
  const secret = randomBytes(32).toString("base64url");
  const authorization = `Bearer ${randomBytes(32).toString("base64url")}`;
  const subscription = await context.heroku.createWebhook(resource.herokuUuid, accessToken, {
    url: context.webhookUrl(resource.id),
    include: ["api:addon-attachment"],
    level: "sync",
    authorization,
    secret,
  });
  await em.transactional(async (tx) => {
    const current = await tx.findOneOrFail(Resource, { id: resourceId });
    current.webhookSubscriptionId = subscription.id;
    current.sealedWebhookSecret = context.secrets.seal(secret);
    current.webhookAuthorizationHash = hashToken(authorization);
    recordEvent(tx, current, { type: "webhooks_subscribed", actor: "system", message: "Subscribed to attachment webhooks" });
    await context.jobs.enqueue(tx, { name: "reconcile-attachments", resourceId });
  });
}
