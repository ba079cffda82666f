import { type EntityManager, LockMode } from "@mikro-orm/core";
import { ResourceNotFound, ResourceNotReady, RotationUnsupported } from "../errors.ts";
import { HerokuAuthorization } from "../heroku/heroku-authorization.entity.ts";
import type { JobQueue } from "../jobs/job-queue.ts";
import type { Provisioner } from "../provisioners/provisioner.ts";
import type { SecretBox } from "../secret-box.ts";
import { recordAudit } from "../staff/record-audit.ts";
import { recordEvent } from "./record-event.ts";
import { Resource } from "./resource.entity.ts";
import { changeConfig } from "./sealed-config.ts";

export interface RotationContext {
  em: EntityManager;
  provisioner: Provisioner;
  secrets: SecretBox;
  jobs: JobQueue;
}

/**
 * Issues new credentials for a resource and queues the push of its new config to Heroku. The
 * old credentials stay valid until Heroku has the new config, and for `graceSeconds` after, so
 * apps keep working until their release lands however long Heroku takes to accept the push.
 */
export async function rotateCredentials(
  context: RotationContext,
  resourceId: string,
  options: { staffEmail: string; graceSeconds: number },
): Promise<string[]> {
  const { rotateCredentials: rotate, retireCredentials } = context.provisioner;
  if (!rotate || !retireCredentials) throw new RotationUnsupported();
  return context.em.fork().transactional(async (em) => {
    const resource = await em.findOne(Resource, { id: resourceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!resource) throw new ResourceNotFound(resourceId);
    if (resource.state !== "provisioned" || !resource.sealedConfig) {
      throw new ResourceNotReady(`Credentials can only be rotated on a provisioned resource (this one is ${resource.state}).`);
    }
    // Without Heroku's token the new config could never be sent, and the old credentials would never retire.
    if (!(await em.findOne(HerokuAuthorization, { resourceId, exchangedAt: { $ne: null } }))) {
      throw new ResourceNotReady("Heroku has not given this add-on an access token, so new credentials could not reach its apps.");
    }
    await em.populate(resource, ["plan"]);
    const changed = await rotate.call(context.provisioner, { em, resource, plan: resource.plan });
    resource.sealedConfig = changeConfig(context.secrets, resource.sealedConfig, changed);
    resource.configPushedAt = null;
    resource.pendingRotationGraceSeconds = Math.max(resource.pendingRotationGraceSeconds ?? 0, options.graceSeconds);
    const names = Object.keys(changed);
    recordEvent(em, resource, {
      type: "credentials_rotated",
      actor: `staff:${options.staffEmail}`,
      message: `Credentials rotated (${names.join(", ")}); the old ones work until ${options.graceSeconds} s after Heroku has the new config`,
      data: { names, graceSeconds: options.graceSeconds },
    });
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
