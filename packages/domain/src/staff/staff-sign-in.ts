import { type EntityManager, LockMode } from "@mikro-orm/core";
import { StaffSessionInvalid, StaffSignInRefused } from "../errors.ts";
import { isSessionLive, newSession, touchSession } from "../sessions/session-lifetime.ts";
import type { SessionPolicy } from "../sessions/session-policy.ts";
import { hashToken } from "../token-hash.ts";
import { decoyPasswordHash, verifyPassword } from "./password.ts";
import { recordAudit } from "./record-audit.ts";
import { StaffMember } from "./staff-member.entity.ts";
import { StaffSession } from "./staff-session.entity.ts";

/** After this many wrong passwords in a row, the account is locked for `lockMinutes`. */
export const signInLockout = { attempts: 5, lockMinutes: 15 };

/**
 * Checks an email and password and opens a session. Every refusal is the same error and takes
 * the same time (an unknown email is checked against a decoy hash); each is audited.
 */
export async function signInStaff(
  em: EntityManager,
  policy: SessionPolicy,
  credentials: { email: string; password: string },
  now = new Date(),
): Promise<{ token: string; member: StaffMember }> {
  const email = credentials.email.trim().toLowerCase();
  // The hash is checked before the transaction: on PGlite an open transaction holds up every query.
  const candidate = await em.fork().findOne(StaffMember, { email });
  const passwordMatches = await verifyPassword(candidate?.passwordHash ?? (await decoyPasswordHash()), credentials.password);
  const outcome = await em.fork().transactional(async (tx) => {
    // Locked, so that concurrent wrong guesses each count towards the lockout.
    const member = await tx.findOne(StaffMember, { email }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const locked = member?.lockedUntil && member.lockedUntil > now;
    const matches = passwordMatches && member?.passwordHash === candidate?.passwordHash;
    if (!member || member.disabledAt || locked || !matches) {
      if (member && !locked && !matches) {
        member.failedSignIns += 1;
        if (member.failedSignIns >= signInLockout.attempts) {
          member.lockedUntil = new Date(now.getTime() + signInLockout.lockMinutes * 60_000);
          member.failedSignIns = 0;
        }
      }
      const reason = !member ? "unknown email" : member.disabledAt ? "disabled" : locked ? "locked" : "wrong password";
      recordAudit(tx, { actor: email, action: "session.sign_in_refused", detail: { reason } });
      return undefined;
    }
    member.failedSignIns = 0;
    member.lockedUntil = null;
    member.lastSignInAt = now;
    const { token, lifetime } = newSession(policy, now);
    tx.create(StaffSession, { ...lifetime, staff: member });
    recordAudit(tx, { actor: email, action: "session.sign_in" });
    return { token, member };
  });
  if (!outcome) throw new StaffSignInRefused();
  return outcome;
}

/** The staff member a console cookie belongs to, its idle expiry moved forward. */
export async function resumeStaffSession(em: EntityManager, policy: SessionPolicy, token: string | undefined, now = new Date()): Promise<StaffSession> {
  if (!token) throw new StaffSessionInvalid();
  const session = await em.findOne(StaffSession, { tokenHash: hashToken(token) }, { populate: ["staff"] });
  if (!session || !isSessionLive(session, now) || session.staff.disabledAt) throw new StaffSessionInvalid();
  touchSession(session, policy, now);
  await em.flush();
  return session;
}

export async function signOutStaff(em: EntityManager, session: StaffSession, now = new Date()): Promise<void> {
  session.revokedAt = now;
  recordAudit(em, { actor: session.staff.email, action: "session.sign_out" });
  await em.flush();
}
