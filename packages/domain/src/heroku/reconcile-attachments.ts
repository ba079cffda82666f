import { Attachment } from "../resources/attachment.entity.ts";
import { lockForEvents } from "../resources/lock-for-events.ts";
import { Resource } from "../resources/resource.entity.ts";
import { validAccessToken } from "./access-token.ts";
import type { HerokuContext } from "./heroku-context.ts";

/**
 * Makes the recorded attachments match Heroku's list, should a webhook have been missed, and
 * tells the product of each attachment this adds or removes.
 */
export async function reconcileAttachments(context: HerokuContext, resourceId: string, now = new Date()): Promise<void> {
  const em = context.em.fork();
  const resource = await em.findOne(Resource, { id: resourceId });
  if (!resource || resource.state === "deprovisioned") return;
  const accessToken = await validAccessToken(em, context.heroku, context.secrets, resourceId);
  const live = await context.heroku.listAttachments(resource.herokuUuid, accessToken);
  await em.fork().transactional(async (tx) => {
    await lockForEvents(tx, resourceId);
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
  });
}
