import { type InferEntity, defineEntity, p } from "@mikro-orm/core";

/** One action a staff member took in the console, or a sign-in attempt. Only ever appended. */
export const AuditEntry = defineEntity({
  name: "AuditEntry",
  tableName: "audit_entries",
  properties: {
    id: p.bigint("number").primary().autoincrement(),
    /** Who acted: the email at the time (kept if the account is later renamed or removed). */
    actor: p.text().index(),
    action: p.string().index(),
    /** What it was about, e.g. `resource:<id>` or `staff:<email>`. */
    // `staff:<email>` and the like: longer than 255 for the longest emails the forms take.
    target: p.text().nullable(),
    detail: p.json<Record<string, unknown>>().nullable(),
    createdAt: p
      .datetime()
      .onCreate(() => new Date())
      .index(),
  },
});
export type AuditEntry = InferEntity<typeof AuditEntry>;
