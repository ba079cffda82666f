import { type EntityManager, UniqueConstraintViolationException } from "@mikro-orm/core";
import type { AttachmentWebhook } from "@addon-kit/contracts";
import { WebhookEventMismatch } from "../errors.ts";
import type { LifecycleEvents } from "../product/lifecycle-events.ts";
import { Attachment } from "../resources/attachment.entity.ts";
import { recordEvent } from "../resources/record-event.ts";
import { lockForEvents } from "../resources/lock-for-events.ts";
import { Resource } from "../resources/resource.entity.ts";
import { WebhookEvent } from "./webhook-event.entity.ts";

/**
 * Applies an attachment webhook once per event id: Heroku's `sync` deliveries are retried,
 * so the same event may arrive again (and events may arrive out of order).
 */
export async function recordAttachmentEvent(
  context: { em: EntityManager; events: LifecycleEvents },
  resourceId: string,
  event: AttachmentWebhook,
  now = new Date(),
): Promise<"applied" | "duplicate"> {
  // A reconcile job may insert the same attachment at the same moment: the second try finds it
  // and updates it, so Heroku gets its 2xx rather than a 500 and a redelivery.
  for (let attempt = 1; ; attempt++) {
    try {
      await applyAttachmentEvent(context, resourceId, event, now);
      return "applied";
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      // The event id already recorded means "seen before" (a concurrent copy of the delivery).
      if ((await context.em.fork().count(WebhookEvent, { id: event.id })) > 0) return "duplicate";
      if (attempt >= 2) throw error;
    }
  }
}

async function applyAttachmentEvent(
  context: { em: EntityManager; events: LifecycleEvents },
  resourceId: string,
  event: AttachmentWebhook,
  now: Date,
): Promise<void> {
  await context.em.fork().transactional(async (tx) => {
    tx.create(WebhookEvent, { id: event.id, resourceId, action: event.action });
    await tx.flush();
    await lockForEvents(tx, resourceId);
    const resource = await tx.findOneOrFail(Resource, { id: resourceId });
    // Signed for this resource, so from Heroku; yet the event must be about this resource too,
    // or one add-on's subscription could rewrite another's attachments.
    if (event.data.addon.id.toLowerCase() !== resource.herokuUuid.toLowerCase()) {
      throw new WebhookEventMismatch(`event ${event.id} names add-on ${event.data.addon.id}, the URL resource ${resource.herokuUuid}`);
    }
    const attachment = await tx.findOne(Attachment, { id: event.data.id });
    if (attachment && attachment.resource.id !== resource.id) {
      throw new WebhookEventMismatch(`event ${event.id} names attachment ${attachment.id} of resource ${attachment.resource.id}`);
    }
    const app = event.data.app;
    const described = { attachment: { id: event.data.id, app_id: app.id, app_name: app.name, name: event.data.name } };
    // Detached already: by a destroy that overtook this event, so the product has been told.
    const detachedBefore = Boolean(attachment?.detachedAt);
    if (event.action === "destroy") {
      // A destroy that overtook its create leaves a detached record, so the late create cannot revive it.
      if (attachment) attachment.detachedAt = now;
      else tx.create(Attachment, { id: event.data.id, resource, appId: app.id, appName: app.name, name: event.data.name, detachedAt: now });
      recordEvent(tx, resource, { type: "detached", message: `Detached from ${app.name} (${event.data.name})`, data: { app: app.name } });
      if (!detachedBefore) await context.events.publish(tx, resource, "resource.attachment_removed", described);
      return;
    }
    if (attachment) {
      tx.assign(attachment, { name: event.data.name, appName: app.name });
    } else {
      tx.create(Attachment, { id: event.data.id, resource, appId: app.id, appName: app.name, name: event.data.name });
      // Only a new record is news to the product: one a reconcile made before this event arrived
      // was told of then, and a detached one stays detached.
      await context.events.publish(tx, resource, "resource.attachment_added", described);
    }
    if (event.action === "create") {
      recordEvent(tx, resource, { type: "attached", message: `Attached to ${app.name} as ${event.data.name}`, data: { app: app.name } });
    }
  });
}
