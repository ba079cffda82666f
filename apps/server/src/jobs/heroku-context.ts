import type { MikroORM } from "@mikro-orm/core";
import type { EventSink, HerokuContext, JobQueue, SecretBox, TenantProvisioner } from "@addon-kit/domain";
import { isCallableUrl } from "@addon-kit/contracts";
import { HerokuClient, writeAppLogs } from "@addon-kit/heroku";
import type { AppConfig } from "../config/load-config.ts";
import { webhookPath } from "../heroku-webhooks/webhook-path.ts";
import { lifecycleEventsFor } from "../product/product-connection.ts";

/** What background jobs need to talk to Heroku, built from the configuration. */
export function buildHerokuContext(
  config: AppConfig,
  parts: { orm: MikroORM; jobs: JobQueue; provisioner: TenantProvisioner; secrets: SecretBox; eventSink: EventSink | undefined; log: HerokuContext["log"] },
): HerokuContext {
  const userAgent = `addon-kit (${config.manifest.id})`;
  return {
    em: parts.orm.em,
    heroku: new HerokuClient({ ...config.heroku, userAgent }),
    secrets: parts.secrets,
    jobs: parts.jobs,
    provisioner: parts.provisioner,
    events: lifecycleEventsFor(config, parts.jobs),
    eventSink: parts.eventSink,
    writeAppLog: async (logInputUrl, messages) => {
      // Checked again where it is called: a URL stored before https was required may still be in the database.
      if (!isCallableUrl(logInputUrl, { allowLoopbackHttp: config.allowLoopbackHttp })) {
        throw new Error("refusing to write app logs to a log_input_url that is not https");
      }
      await writeAppLogs(logInputUrl, messages, { procId: config.manifest.id, userAgent });
    },
    webhookUrl: (resourceId) => new URL(webhookPath(resourceId), config.publicUrl).toString(),
    log: parts.log,
  };
}
