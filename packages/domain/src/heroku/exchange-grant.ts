import { LockMode } from "@mikro-orm/core";
import { Resource } from "../resources/resource.entity.ts";
import { recordEvent } from "../resources/record-event.ts";
import { storeTokens } from "./access-token.ts";
import { HerokuAuthorization } from "./heroku-authorization.entity.ts";
import type { HerokuContext } from "./heroku-context.ts";

/**
 * Exchanges the grant from the provision request for tokens, then starts what needs them:
 * the webhook subscription, and the rest of an asynchronous provision. Done once: a replayed
 * job finds the exchange made and does nothing.
 */
export async function exchangeGrant(context: HerokuContext, resourceId: string, now = new Date()): Promise<void> {
  await context.em.fork().transactional(async (em) => {
    const authorization = await em.findOne(HerokuAuthorization, { resourceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const resource = await em.findOne(Resource, { id: resourceId });
    if (!authorization?.sealedGrantCode || authorization.exchangedAt || !resource || resource.state === "deprovisioned") return;

    const tokens = await context.heroku.exchangeGrant(context.secrets.open(authorization.sealedGrantCode));
    storeTokens(authorization, context.secrets, tokens, now);
    authorization.exchangedAt = now;
    authorization.sealedGrantCode = null;
    recordEvent(em, resource, { type: "grant_exchanged", actor: "system", message: "OAuth grant exchanged for Platform API tokens" });
    await context.jobs.enqueue(em, { name: "subscribe-webhooks", resourceId });
    if (resource.state === "provisioning") await context.jobs.enqueue(em, { name: "finish-provision", resourceId });
  });
}
