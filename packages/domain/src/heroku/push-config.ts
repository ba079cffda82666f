import { LockMode } from "@mikro-orm/core";
import { recordEvent } from "../resources/record-event.ts";
import { Resource } from "../resources/resource.entity.ts";
import { validAccessToken } from "./access-token.ts";
import type { HerokuContext } from "./heroku-context.ts";
import { openConfig } from "../resources/sealed-config.ts";

/**
 * Records that Heroku has the config, only if the config sent is still the latest; then the
 * grace of credentials a rotation replaced starts. False when a newer config landed meanwhile.
 */
async function recordDelivered(context: HerokuContext, resourceId: string, pushed: string): Promise<boolean> {
  return context.em.fork().transactional(async (em) => {
    const resource = await em.findOne(Resource, { id: resourceId }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ["plan"] });
    if (!resource || resource.sealedConfig !== pushed) return false;
    resource.configPushedAt = new Date();
    const graceSeconds = resource.pendingRotationGraceSeconds;
    if (graceSeconds !== null && graceSeconds !== undefined) {
      await context.provisioner.retireCredentials?.({ em, resource, plan: resource.plan, graceSeconds });
      resource.pendingRotationGraceSeconds = null;
      recordEvent(em, resource, {
        type: "credentials_retired",
        actor: "system",
        message: `Heroku has the new config; the old credentials stop working in ${graceSeconds} s`,
      });
    }
    return true;
  });
}

/**
 * Sends the resource's current config to Heroku, which releases every attached app. Pushes
 * from several workers may land in any order, so after each push the stored config is read
 * again: if it changed meanwhile (a newer rotation), the newer one is pushed too, and Heroku
 * ends on the latest config whichever push landed last.
 */
export async function pushConfig(context: HerokuContext, resourceId: string): Promise<void> {
  for (;;) {
    const em = context.em.fork();
    const resource = await em.findOne(Resource, { id: resourceId });
    if (!resource?.sealedConfig || resource.state !== "provisioned") return;
    const pushed = resource.sealedConfig;
    const accessToken = await validAccessToken(em, context.heroku, context.secrets, resourceId);
    await context.heroku.updateConfig(resource.herokuUuid, accessToken, openConfig(context.secrets, pushed));
    if (await recordDelivered(context, resourceId, pushed)) return;
  }
}
