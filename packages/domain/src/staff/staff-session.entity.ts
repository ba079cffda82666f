import { randomUUID } from "node:crypto";
import { type InferEntity, defineEntity, p } from "@mikro-orm/core";
import { StaffMember } from "./staff-member.entity.ts";

/**
 * A console session. Its own table and cookie: a customer's SSO session never opens the
 * console, and a staff session never opens a customer dashboard.
 */
export const StaffSession = defineEntity({
  name: "StaffSession",
  tableName: "staff_sessions",
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    tokenHash: p.string().unique(),
    staff: () => p.manyToOne(StaffMember).index(),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastSeenAt: p.datetime(),
    expiresAt: p.datetime(),
    absoluteExpiresAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
  },
});
export type StaffSession = InferEntity<typeof StaffSession>;
