import type { EntityManager } from "@mikro-orm/core";
import { SessionInvalid } from "../errors.ts";
import { CustomerSession } from "./customer-session.entity.ts";
import { isSessionLive, touchSession } from "../sessions/session-lifetime.ts";
import type { SessionPolicy } from "../sessions/session-policy.ts";
import { hashToken } from "../token-hash.ts";

/**
 * The live session a cookie token opens on `resourceId`, its idle expiry moved forward. A
 * session opens only the resource it was created for.
 */
export async function resumeCustomerSession(
  em: EntityManager,
  policy: SessionPolicy,
  token: string | undefined,
  resourceId: string,
  now = new Date(),
): Promise<CustomerSession> {
  if (!token) throw new SessionInvalid();
  const session = await em.findOne(CustomerSession, { tokenHash: hashToken(token) }, { populate: ["resource", "resource.plan"] });
  if (!session || !isSessionLive(session, now) || session.resource.id !== resourceId || session.resource.state === "deprovisioned") {
    throw new SessionInvalid();
  }
  touchSession(session, policy, now);
  await em.flush();
  return session;
}

/** Ends a session: its cookie opens nothing any more. */
export async function endCustomerSession(em: EntityManager, session: CustomerSession, now = new Date()): Promise<void> {
  session.revokedAt = now;
  await em.flush();
}
