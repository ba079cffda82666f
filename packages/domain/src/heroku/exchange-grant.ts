import { LockMode } from "@mikro-orm/core";
import { Resource } from "../resources/resource.entity.ts";
import { recordEvent } from "../resources/record-event.ts";
import { storeTokens } from "./access-token.ts";
import { HerokuAuthorization } from "./heroku-authorization.entity.ts";
import type { HerokuContext } from "./heroku-context.ts";

/**
 * Exchanges the grant from the provision request for tokens, then starts what needs them:
 * the webhook subscription, and the rest of an asynchronous provision. Done once: a replayed
 * job finds the exchange made and does nothing. The call to Heroku happens outside any
 * transaction (on PGlite an open transaction would hold up every other query meanwhile).
 */
export async function exchangeGrant(context: HerokuContext, resourceId: string, now = new Date()): Promise<void> {
  const pending = await context.em.fork().findOne(HerokuAuthorization, { resourceId });
  const resource = await context.em.fork().findOne(Resource, { id: resourceId });
  if (!pending?.sealedGrantCode || pending.exchangedAt || !resource || resource.state === "deprovisioned") return;

  const tokens = await context.heroku.exchangeGrant(context.secrets.open(pending.sealedGrantCode));
  await context.em.fork().transactional(async (em) => {
    const authorization = await em.findOneOrFail(HerokuAuthorization, { resourceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const current = await em.findOneOrFail(Resource, { id: resourceId });
    // Deprovisioned meanwhile: its tokens were erased and must stay so.
    if (authorization.exchangedAt || current.state === "deprovisioned") return;
    storeTokens(authorization, context.secrets, tokens, now);
    authorization.exchangedAt = now;
    authorization.sealedGrantCode = null;
    recordEvent(em, current, { type: "grant_exchanged", actor: "system", message: "OAuth grant exchanged for Platform API tokens" });
    await context.jobs.enqueue(em, { name: "subscribe-webhooks", resourceId });
    if (current.state === "provisioning") await context.jobs.enqueue(em, { name: "finish-provision", resourceId });
  });
}
