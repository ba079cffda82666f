import type { EntityManager } from "@mikro-orm/core";
import type { ResourceDetail } from "@addon-kit/contracts";
import { ResourceNotFound } from "../errors.ts";
import { Attachment } from "../resources/attachment.entity.ts";
import { ResourceEvent } from "../resources/resource-event.entity.ts";
import { Resource } from "../resources/resource.entity.ts";
import { ProductSignIn } from "../oidc/product-sign-in.entity.ts";
import { CustomerSession } from "../sso/customer-session.entity.ts";

const recentSignIns = 20;

/** Everything support needs about one resource: plan, attachments and its timeline (newest first). */
export async function resourceDetail(em: EntityManager, id: string): Promise<ResourceDetail> {
  const resource = await em.findOne(Resource, { id }, { populate: ["plan"] });
  if (!resource) throw new ResourceNotFound(id);
  const [attachments, events, sessions, productSignIns] = await Promise.all([
    em.find(Attachment, { resource }, { orderBy: { attachedAt: "asc" } }),
    em.find(ResourceEvent, { resource }, { orderBy: { id: "desc" }, limit: 200 }),
    em.find(CustomerSession, { resource }, { orderBy: { createdAt: "desc" }, limit: recentSignIns }),
    em.find(ProductSignIn, { resource }, { orderBy: { createdAt: "desc" }, limit: recentSignIns }),
  ]);
  const signIns = [
    ...sessions.map((session) => ({ ...who(session), at: session.createdAt, into: "dashboard" as const, completed: true })),
    ...productSignIns.map((signIn) => ({ ...who(signIn), at: signIn.createdAt, into: "product" as const, completed: Boolean(signIn.usedAt) })),
  ]
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, recentSignIns);
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
    signIns: signIns.map((signIn) => ({ ...signIn, at: signIn.at.toISOString() })),
    events: events.map((event) => ({
      id: event.id,
      type: event.type,
      actor: event.actor,
      message: event.message,
      createdAt: event.createdAt.toISOString(),
    })),
  };
}

function who(signIn: { email?: string | null; herokuUserId?: string | null; userVerified: boolean }) {
  return { email: signIn.email ?? null, herokuUserId: signIn.herokuUserId ?? null, verified: signIn.userVerified };
}
