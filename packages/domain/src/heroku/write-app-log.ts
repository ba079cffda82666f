import { Resource } from "../resources/resource.entity.ts";
import type { HerokuContext } from "./heroku-context.ts";

/** Writes a line about the resource to its app's log stream, when the manifest asked for `log_input`. */
export async function writeResourceLog(context: HerokuContext, resourceId: string, message: string): Promise<void> {
  const resource = await context.em.fork().findOne(Resource, { id: resourceId });
  if (!resource?.sealedLogInputUrl) return;
  await context.writeAppLog(context.secrets.open(resource.sealedLogInputUrl), [message]);
}
