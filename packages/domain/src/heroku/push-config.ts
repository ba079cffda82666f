import type { ConfigVars } from "@addon-kit/contracts";
import { Resource } from "../resources/resource.entity.ts";
import { validAccessToken } from "./access-token.ts";
import type { HerokuContext } from "./heroku-context.ts";

/** Sends the resource's current config to Heroku, which releases every attached app. */
export async function pushConfig(context: HerokuContext, resourceId: string): Promise<void> {
  const em = context.em.fork();
  const resource = await em.findOne(Resource, { id: resourceId });
  if (!resource?.sealedConfig || resource.state !== "provisioned") return;
  const accessToken = await validAccessToken(em, context.heroku, context.secrets, resourceId);
  const config = JSON.parse(context.secrets.open(resource.sealedConfig)) as ConfigVars;
  await context.heroku.updateConfig(resource.herokuUuid, accessToken, config);
  resource.configPushedAt = new Date();
  await em.flush();
}
