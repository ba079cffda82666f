import { HerokuAuthorization } from "../heroku/heroku-authorization.entity.ts";
import { isRemoteProvisioner } from "../provisioners/remote-provisioner.ts";
import { findLiveResource } from "./find-live-resource.ts";
import type { PartnerContext } from "./partner-context.ts";
import { recordEvent } from "./record-event.ts";

/**
 * Revokes a resource's credentials and marks it deprovisioned; its records and events stay. A
 * remote provisioner's tenant is deleted by a job that retries until the product has done it:
 * the customer removed the add-on, and Heroku should stop billing them whether or not the
 * product answers right now.
 */
export async function deprovision(context: PartnerContext, herokuUuid: string): Promise<void> {
  const provisioner = context.provisioner;
  await context.em.fork().transactional(async (em) => {
    const resource = await findLiveResource(em, herokuUuid, { lock: true });
    if (isRemoteProvisioner(provisioner)) await context.jobs.enqueue(em, { name: "delete-tenant", resourceId: resource.id });
    else await provisioner.deprovision({ em, resource, plan: resource.plan });
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
    const revoked = isRemoteProvisioner(provisioner)
      ? "Heroku tokens revoked; the product is being asked to delete the tenant"
      : "credentials and Heroku tokens revoked";
    recordEvent(em, resource, { type: "deprovisioned", message: `Deprovisioned; ${revoked}` });
    await context.events.publish(em, resource, "resource.deprovisioned", {});
  });
}
