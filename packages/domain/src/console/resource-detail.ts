import type { EntityManager } from "@mikro-orm/core";
import type { ResourceDetail } from "@addon-kit/contracts";
import { ResourceNotFound } from "../errors.ts";
import { Attachment } from "../resources/attachment.entity.ts";
import { ResourceEvent } from "../resources/resource-event.entity.ts";
import { Resource } from "../resources/resource.entity.ts";

/** Everything support needs about one resource: plan, attachments and its timeline (newest first). */
export async function resourceDetail(em: EntityManager, id: string): Promise<ResourceDetail> {
  const resource = await em.findOne(Resource, { id }, { populate: ["plan"] });
  if (!resource) throw new ResourceNotFound(id);
  const [attachments, events] = await Promise.all([
    em.find(Attachment, { resource }, { orderBy: { attachedAt: "asc" } }),
    em.find(ResourceEvent, { resource }, { orderBy: { id: "desc" }, limit: 200 }),
  ]);
  return {
    id: resource.id,
    herokuUuid: resource.herokuUuid,
    name: resource.name,
    state: resource.state,
    failureReason: resource.failureReason ?? null,
    region: resource.region,
    options: resource.options,
    plan: { slug: resource.plan.slug, name: resource.plan.name, monthlyPriceCents: resource.plan.monthlyPriceCents },
    createdAt: resource.createdAt.toISOString(),
    provisionedAt: resource.provisionedAt?.toISOString() ?? null,
    deprovisionedAt: resource.deprovisionedAt?.toISOString() ?? null,
    configPushedAt: resource.configPushedAt?.toISOString() ?? null,
    attachments: attachments.map((attachment) => ({
      id: attachment.id,
      appName: attachment.appName,
      name: attachment.name,
      attachedAt: attachment.attachedAt.toISOString(),
      detachedAt: attachment.detachedAt?.toISOString() ?? null,
    })),
    events: events.map((event) => ({
      id: event.id,
      type: event.type,
      actor: event.actor,
      message: event.message,
      createdAt: event.createdAt.toISOString(),
    })),
  };
}
