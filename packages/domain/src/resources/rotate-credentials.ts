import { type EntityManager, LockMode } from "@mikro-orm/core";
import type { ConfigVars } from "@addon-kit/contracts";
import { ProductUnavailable, ResourceNotFound, ResourceNotReady, RotationUnsupported } from "../errors.ts";
import { HerokuAuthorization } from "../heroku/heroku-authorization.entity.ts";
import type { JobQueue } from "../jobs/job-queue.ts";
import { callProduct } from "../product/call-product.ts";
import type { LifecycleEvents } from "../product/lifecycle-events.ts";
import { productResource, stepKey } from "../product/product-resource.ts";
import { type RemoteProvisioner, type TenantProvisioner, isRemoteProvisioner } from "../provisioners/remote-provisioner.ts";
import type { SecretBox } from "../secret-box.ts";
import { recordAudit } from "../staff/record-audit.ts";
import { recordEvent } from "./record-event.ts";
import { Resource } from "./resource.entity.ts";
import { changeConfig } from "./sealed-config.ts";

export interface RotationContext {
  em: EntityManager;
  provisioner: TenantProvisioner;
  secrets: SecretBox;
  jobs: JobQueue;
  events: LifecycleEvents;
}

/**
 * Issues new credentials for a resource and queues the push of its new config to Heroku. The
 * old credentials stay valid until Heroku has the new config, and for `graceSeconds` after, so
 * apps keep working until their release lands however long Heroku takes to accept the push.
 * A remote provisioner is asked first, outside any transaction; its answer is recorded only if
 * no other change committed meanwhile.
 */
export async function rotateCredentials(
  context: RotationContext,
  resourceId: string,
  options: { staffEmail: string; graceSeconds: number },
): Promise<string[]> {
  const provisioner = context.provisioner;
  if (!isRemoteProvisioner(provisioner) && (!provisioner.rotateCredentials || !provisioner.retireCredentials)) throw new RotationUnsupported();
  const agreed = isRemoteProvisioner(provisioner) ? await askProduct(context, provisioner, resourceId) : undefined;
  return context.em.fork().transactional(async (em) => {
    const { resource, sealedConfig } = await rotatable(em, resourceId, { lock: true });
    let changed: ConfigVars;
    if (agreed) {
      if (agreed.revision !== resource.revision) throw new ResourceNotReady("The add-on changed while its credentials were being rotated; rotate again.");
      changed = agreed.config;
      resource.pendingRotationKey = stepKey.rotation(resource);
    } else {
      if (isRemoteProvisioner(provisioner) || !provisioner.rotateCredentials) throw new RotationUnsupported();
      changed = await provisioner.rotateCredentials({ em, resource, plan: resource.plan });
    }
    resource.sealedConfig = changeConfig(context.secrets, sealedConfig, changed);
    resource.configPushedAt = null;
    resource.revision += 1;
    resource.pendingRotationGraceSeconds = Math.max(resource.pendingRotationGraceSeconds ?? 0, options.graceSeconds);
    const names = Object.keys(changed);
    recordEvent(em, resource, {
      type: "credentials_rotated",
      actor: `staff:${options.staffEmail}`,
      message: `Credentials rotated (${names.join(", ")}); the old ones work until ${options.graceSeconds} s after Heroku has the new config`,
      data: { names, graceSeconds: options.graceSeconds },
    });
    await context.events.publish(em, resource, "resource.credentials_rotated", { rotated: names });
    await context.jobs.enqueue(em, { name: "push-config", resourceId });
    if (resource.sealedLogInputUrl) {
      await context.jobs.enqueue(em, { name: "write-app-log", resourceId, message: `Credentials for ${resource.name} were rotated` });
    }
    // In the same transaction as the change it records.
    recordAudit(em, {
      actor: options.staffEmail,
      action: "resource.rotate_credentials",
      target: `resource:${resourceId}`,
      detail: { rotated: names, graceSeconds: options.graceSeconds },
    });
    return names;
  });
}

/** A provisioned resource, with its plan and config, whose new config could reach Heroku. */
async function rotatable(em: EntityManager, resourceId: string, options: { lock: boolean }): Promise<{ resource: Resource; sealedConfig: string }> {
  const resource = await em.findOne(Resource, { id: resourceId }, options.lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!resource) throw new ResourceNotFound(resourceId);
  const sealedConfig = resource.sealedConfig;
  if (resource.state !== "provisioned" || !sealedConfig) {
    throw new ResourceNotReady(`Credentials can only be rotated on a provisioned resource (this one is ${resource.state}).`);
  }
  // Without Heroku's token the new config could never be sent, and the old credentials would never retire.
  if (!(await em.findOne(HerokuAuthorization, { resourceId, exchangedAt: { $ne: null } }))) {
    throw new ResourceNotReady("Heroku has not given this add-on an access token, so new credentials could not reach its apps.");
  }
  await em.populate(resource, ["plan"]);
  return { resource, sealedConfig };
}

async function askProduct(context: RotationContext, provisioner: RemoteProvisioner, resourceId: string): Promise<{ revision: number; config: ConfigVars }> {
  const { resource } = await rotatable(context.em.fork(), resourceId, { lock: false });
  const answer = await callProduct(context.em, () =>
    provisioner.rotateCredentials({ resource: productResource(resource) }, { idempotencyKey: stepKey.rotation(resource) }),
  );
  if (answer.outcome === "unavailable") throw new ProductUnavailable(answer.reason);
  if (answer.outcome === "refused") throw new ResourceNotReady(answer.message, `the product refused to rotate ${resourceId}'s credentials`);
  return { revision: resource.revision, config: answer.value };
}
