import type { EntityManager } from "@mikro-orm/core";
import type { ConfigVars } from "@addon-kit/contracts";
import { Attachment } from "../resources/attachment.entity.ts";
import { recordEvent } from "../resources/record-event.ts";
import { ResourceEvent } from "../resources/resource-event.entity.ts";
import type { SecretBox } from "../secret-box.ts";
import type { CustomerSession } from "./customer-session.entity.ts";
import { openConfig } from "../resources/sealed-config.ts";

export interface CustomerDashboard {
  resource: { id: string; herokuUuid: string; name: string; state: string; failureReason: string | null; region: string; createdAt: Date };
  plan: { name: string; monthlyPriceCents: number; limits: Record<string, number> };
  /** Values are masked unless the customer asked to reveal them. */
  config: { name: string; value: string }[];
  revealed: boolean;
  apps: { appName: string; attachmentName: string }[];
  events: { type: string; message: string; actor: string; createdAt: Date }[];
  user: { email: string | null; verified: boolean; app: string | null };
}

function mask(value: string): string {
  return value.length <= 8 ? "••••••••" : `••••••••${value.slice(-4)}`;
}

/**
 * What a signed-in customer sees of their resource. Revealing the config vars is recorded in
 * the resource's event log, since they are credentials.
 */
export async function loadCustomerDashboard(
  em: EntityManager,
  secrets: SecretBox,
  session: CustomerSession,
  options: { reveal: boolean },
): Promise<CustomerDashboard> {
  const { resource } = session;
  const config: ConfigVars = resource.sealedConfig ? openConfig(secrets, resource.sealedConfig) : {};
  if (options.reveal) {
    recordEvent(em, resource, {
      type: "config_revealed",
      actor: `customer:${session.email ?? session.herokuUserId ?? "unknown"}`,
      message: "Config vars revealed on the dashboard",
    });
    await em.flush();
  }
  const [attachments, events] = await Promise.all([
    em.find(Attachment, { resource, detachedAt: null }, { orderBy: { attachedAt: "asc" } }),
    em.find(ResourceEvent, { resource }, { orderBy: { id: "desc" }, limit: 20 }),
  ]);
  return {
    resource: {
      id: resource.id,
      herokuUuid: resource.herokuUuid,
      name: resource.name,
      state: resource.state,
      region: resource.region,
      failureReason: resource.failureReason ?? null,
      createdAt: resource.createdAt,
    },
    plan: { name: resource.plan.name, monthlyPriceCents: resource.plan.monthlyPriceCents, limits: resource.plan.limits },
    config: Object.entries(config).map(([name, value]) => ({ name, value: options.reveal ? value : mask(value) })),
    revealed: options.reveal,
    apps: attachments.map((attachment) => ({ appName: attachment.appName, attachmentName: attachment.name })),
    events: events.map((event) => ({ type: event.type, message: event.message, actor: event.actor, createdAt: event.createdAt })),
    user: { email: session.email ?? null, verified: session.userVerified, app: session.app ?? null },
  };
}
