import { type EntityManager, UniqueConstraintViolationException } from "@mikro-orm/core";
import { StaffExists, StaffNotFound, StaffSelfChangeRefused } from "../errors.ts";
import { hashPassword } from "./password.ts";
import { recordAudit } from "./record-audit.ts";
import { StaffMember } from "./staff-member.entity.ts";
import type { StaffRole } from "@addon-kit/contracts";
import { StaffSession } from "./staff-session.entity.ts";

export interface NewStaffMember {
  email: string;
  name: string;
  role: StaffRole;
  password: string;
}

/** Creates an account; `actor` is who did it (`cli` for the first admin). */
export async function createStaffMember(em: EntityManager, input: NewStaffMember, actor: string): Promise<StaffMember> {
  const email = input.email.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  try {
    return await em.fork().transactional(async (tx) => {
      const member = tx.create(StaffMember, { email, name: input.name, role: input.role, passwordHash });
      recordAudit(tx, { actor, action: "staff.create", target: `staff:${email}`, detail: { role: input.role } });
      return member;
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw new StaffExists(email);
    throw error;
  }
}

/** Changes what an account may do, or disables it (ending its sessions); recorded in the audit log. */
export async function updateStaffMember(
  em: EntityManager,
  email: string,
  change: { role?: StaffRole; disabled?: boolean },
  actor: string,
  now = new Date(),
): Promise<StaffMember> {
  return em.fork().transactional(async (tx) => {
    const member = await tx.findOne(StaffMember, { email: email.trim().toLowerCase() });
    if (!member) throw new StaffNotFound(email);
    if (member.email === actor && (change.disabled || (change.role && change.role !== member.role))) throw new StaffSelfChangeRefused();
    if (change.role) member.role = change.role;
    if (change.disabled !== undefined) {
      member.disabledAt = change.disabled ? (member.disabledAt ?? now) : null;
      if (change.disabled) await tx.nativeUpdate(StaffSession, { staff: member, revokedAt: null }, { revokedAt: now });
    }
    recordAudit(tx, { actor, action: "staff.update", target: `staff:${member.email}`, detail: change });
    return member;
  });
}

export function listStaffMembers(em: EntityManager): Promise<StaffMember[]> {
  return em.fork().find(StaffMember, {}, { orderBy: { email: "asc" } });
}
