import { HerokuAuthorization } from "../heroku/heroku-authorization.entity.ts";
import { lockLiveResource } from "./lock-live-resource.ts";
import type { PartnerContext } from "./partner-context.ts";
import { recordEvent } from "./record-event.ts";

/** Revokes a resource's credentials and marks it deprovisioned; its records and events stay. */
export async function deprovision(context: PartnerContext, herokuUuid: string): Promise<void> {
  await context.em.fork().transactional(async (em) => {
    const resource = await lockLiveResource(em, herokuUuid);
    await context.provisioner.deprovision({ em, resource, plan: resource.plan });
    resource.state = "deprovisioned";
    resource.deprovisionedAt = new Date();
    resource.sealedConfig = null;
    resource.sealedLogInputUrl = null;
    resource.sealedWebhookSecret = null;
    await em.nativeUpdate(
      HerokuAuthorization,
      { resourceId: resource.id },
      { sealedGrantCode: null, sealedAccessToken: null, sealedRefreshToken: null, accessTokenExpiresAt: null },
    );
    recordEvent(em, resource, { type: "deprovisioned", message: "Deprovisioned; credentials and Heroku tokens revoked" });
  });
}
