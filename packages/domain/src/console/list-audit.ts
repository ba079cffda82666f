import type { EntityManager } from "@mikro-orm/core";
import type { AuditPage } from "@addon-kit/contracts";
import { AuditEntry } from "../staff/audit-entry.entity.ts";

/** The audit log, newest first, a page at a time (`cursor` is the last id of the previous page). */
export async function listAudit(em: EntityManager, input: { cursor?: number | null | undefined; limit: number }): Promise<AuditPage> {
  const entries = await em.find(AuditEntry, input.cursor ? { id: { $lt: input.cursor } } : {}, { orderBy: { id: "desc" }, limit: input.limit });
  return {
    items: entries.map((entry) => ({
      id: entry.id,
      actor: entry.actor,
      action: entry.action,
      target: entry.target ?? null,
      detail: entry.detail ?? null,
      createdAt: entry.createdAt.toISOString(),
    })),
    nextCursor: entries.length === input.limit ? (entries[entries.length - 1]?.id ?? null) : null,
  };
}
