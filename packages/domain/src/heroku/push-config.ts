import type { ConfigVars } from "@addon-kit/contracts";
import { Resource } from "../resources/resource.entity.ts";
import { validAccessToken } from "./access-token.ts";
import type { HerokuContext } from "./heroku-context.ts";

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
    await context.heroku.updateConfig(resource.herokuUuid, accessToken, JSON.parse(context.secrets.open(pushed)) as ConfigVars);
    // Recorded only if the config sent is still the latest; otherwise go round again.
    const recorded = await context.em.fork().nativeUpdate(Resource, { id: resourceId, sealedConfig: pushed }, { configPushedAt: new Date() });
    if (recorded > 0) return;
  }
}
