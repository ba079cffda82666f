import type { AddonAttachment } from "@addon-kit/contracts";
import { Attachment } from "../resources/attachment.entity.ts";
import { lockForEvents } from "../resources/lock-for-events.ts";
import { Resource } from "../resources/resource.entity.ts";
import { validAccessToken } from "./access-token.ts";
import type { HerokuContext } from "./heroku-context.ts";
import { WebhookEvent } from "./webhook-event.entity.ts";

/** How often a reconcile reads Heroku's list again when attachment webhooks overtake it. */
const listReadings = 3;

/**
 * Makes the recorded attachments match Heroku's list, should a webhook have been missed, and
 * tells the product of each attachment this adds or removes.
 *
 * The list is read outside the resource's lock (a slow Heroku must not hold up the resource's
 * webhooks), so a webhook applied meanwhile may be newer than it: applied as it stands, a stale
 * list would bring back an attachment just detached, or detach one just made. A webhook applied
 * since the list was read shows in the count of applied events, and the list is read again.
 */
export async function reconcileAttachments(context: HerokuContext, resourceId: string, now = new Date()): Promise<void> {
  const em = context.em.fork();
  const resource = await em.findOne(Resource, { id: resourceId });
  if (!resource || resource.state === "deprovisioned") return;
  const accessToken = await validAccessToken(em, context.heroku, context.secrets, resourceId);
  for (let reading = 1; reading <= listReadings; reading++) {
    const appliedBefore = await em.fork().count(WebhookEvent, { resourceId });
    const live = await context.heroku.listAttachments(resource.herokuUuid, accessToken);
    if (await applyList(context, resourceId, live, appliedBefore, now)) return;
  }
  // Webhooks are arriving, and they keep the attachments current meanwhile; the job runs again later.
  throw new Error(`attachment webhooks for resource ${resourceId} overtook each of ${listReadings} readings of Heroku's list`);
}

/** False, writing nothing, when an attachment webhook was applied after `live` was read. */
function applyList(context: HerokuContext, resourceId: string, live: AddonAttachment[], appliedBefore: number, now: Date): Promise<boolean> {
  return context.em.fork().transactional(async (tx) => {
    await lockForEvents(tx, resourceId);
    if ((await tx.count(WebhookEvent, { resourceId })) !== appliedBefore) return false;
    const current = await tx.findOneOrFail(Resource, { id: resourceId });
    const known = await tx.find(Attachment, { resource: resourceId });
    for (const attachment of live) {
      const existing = known.find((candidate) => candidate.id === attachment.id);
      const described = { attachment: { id: attachment.id, app_id: attachment.app.id, app_name: attachment.app.name, name: attachment.name } };
      if (existing) {
        if (existing.detachedAt) await context.events.publish(tx, current, "resource.attachment_added", described);
        tx.assign(existing, { name: attachment.name, appName: attachment.app.name, detachedAt: null });
      } else {
        tx.create(Attachment, { id: attachment.id, resource: resourceId, appId: attachment.app.id, appName: attachment.app.name, name: attachment.name });
        await context.events.publish(tx, current, "resource.attachment_added", described);
      }
    }
    for (const gone of known.filter((candidate) => !candidate.detachedAt && !live.some((attachment) => attachment.id === candidate.id))) {
      gone.detachedAt = now;
      const described = { attachment: { id: gone.id, app_id: gone.appId, app_name: gone.appName, name: gone.name } };
      await context.events.publish(tx, current, "resource.attachment_removed", described);
    }
    return true;
  });
}
