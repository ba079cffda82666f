import { LockMode } from "@mikro-orm/core";
import { Resource } from "../resources/resource.entity.ts";
import { recordEvent } from "../resources/record-event.ts";
import { validAccessToken } from "./access-token.ts";
import { type HerokuContext, asyncProvisionDeadlineMs } from "./heroku-context.ts";
import { openConfig, sealConfig } from "../resources/sealed-config.ts";

/**
 * Finishes an asynchronous provision: provisions the tenant, sends Heroku its config, then
 * marks the add-on provisioned. Each step is recorded before the next, so a retry after a
 * crash or an outage resumes where it stopped. Past Heroku's 12-hour limit, it records the
 * resource as failed instead.
 */
export async function finishProvision(context: HerokuContext, resourceId: string, now = new Date()): Promise<void> {
  const config = await context.em.fork().transactional(async (em) => {
    const resource = await em.findOne(Resource, { id: resourceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!resource || resource.state !== "provisioning") return undefined;
    if (now.getTime() - resource.createdAt.getTime() > asyncProvisionDeadlineMs) {
      resource.state = "failed";
      resource.failureReason = "Not finished within Heroku's 12-hour limit for asynchronous provisioning";
      recordEvent(em, resource, { type: "provision_failed", actor: "system", message: resource.failureReason });
      return undefined;
    }
    if (resource.sealedConfig) return openConfig(context.secrets, resource.sealedConfig);
    await em.populate(resource, ["plan"]);
    const provisioned = await context.provisioner.provision({ em, resource, plan: resource.plan });
    resource.sealedConfig = sealConfig(context.secrets, provisioned);
    recordEvent(em, resource, { type: "tenant_created", actor: "system", message: `Tenant created on plan ${resource.plan.slug}` });
    return provisioned;
  });
  if (!config) return;

  const em = context.em.fork();
  const accessToken = await validAccessToken(em, context.heroku, context.secrets, resourceId, now);
  const resource = await em.findOneOrFail(Resource, { id: resourceId }, { populate: ["plan"] });
  if (!resource.configPushedAt) {
    await context.heroku.updateConfig(resource.herokuUuid, accessToken, config);
    resource.configPushedAt = new Date();
    await em.flush();
  }
  await context.heroku.markProvisioned(resource.herokuUuid, accessToken);
  await em.transactional(async (tx) => {
    const current = await tx.findOneOrFail(Resource, { id: resourceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (current.state !== "provisioning") return;
    current.state = "provisioned";
    current.provisionedAt = new Date();
    recordEvent(tx, current, {
      type: "provisioned",
      actor: "system",
      message: `Provisioned on plan ${resource.plan.slug}`,
      data: { plan: resource.plan.slug },
    });
    if (current.sealedLogInputUrl) {
      await context.jobs.enqueue(tx, { name: "write-app-log", resourceId, message: `${resource.name} is provisioned on plan ${resource.plan.slug}` });
    }
  });
}
