import { randomUUID } from "node:crypto";
import { type InferEntity, defineEntity, p } from "@mikro-orm/core";
import { staffRoles } from "@addon-kit/contracts";

/** A member of the vendor's staff who signs in to the console. */
export const StaffMember = defineEntity({
  name: "StaffMember",
  tableName: "staff_members",
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    /** Stored lower-case: one account per address, however it is typed. */
    email: p.string().unique(),
    name: p.string(),
    role: p.enum(staffRoles),
    /** Argon2id, with its parameters and salt, as the PHC string. */
    passwordHash: p.string(),
    failedSignIns: p.integer().default(0),
    lockedUntil: p.datetime().nullable(),
    lastSignInAt: p.datetime().nullable(),
    disabledAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type StaffMember = InferEntity<typeof StaffMember>;
