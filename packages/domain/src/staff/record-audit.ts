import type { EntityManager } from "@mikro-orm/core";
import { AuditEntry } from "./audit-entry.entity.ts";

export interface AuditDetails {
  actor: string;
  action: string;
  target?: string;
  detail?: Record<string, unknown>;
}

/** Appends to the audit log; persisted with the caller's next flush, so it commits with the action. */
export function recordAudit(em: EntityManager, details: AuditDetails): void {
  em.create(AuditEntry, { actor: details.actor, action: details.action, target: details.target ?? null, detail: details.detail ?? null });
}
