import { LockMode } from "@mikro-orm/core";
import type { ConfigVars } from "@addon-kit/contracts";
import { ProductUnavailable } from "../errors.ts";
import { callProduct } from "../product/call-product.ts";
import { productPlan, productResource, stepKey } from "../product/product-resource.ts";
import { type RemoteProvisioner, isRemoteProvisioner } from "../provisioners/remote-provisioner.ts";
import { Resource } from "../resources/resource.entity.ts";
import { failProvision } from "../resources/fail-provision.ts";
import { recordEvent } from "../resources/record-event.ts";
import { validAccessToken } from "./access-token.ts";
import { type HerokuContext, asyncProvisionDeadlineMs } from "./heroku-context.ts";
import { openConfig, sealConfig } from "../resources/sealed-config.ts";

/**
 * Finishes an asynchronous provision: provisions the tenant, sends Heroku its config, then
 * marks the add-on provisioned. Each step is recorded before the next, so a retry after a
 * crash or an outage resumes where it stopped. Past Heroku's 12-hour limit, it records the
 * resource as failed instead. A remote provisioner's tenant is asked for outside the
 * transaction, under the same idempotency key as a synchronous attempt.
 */
export async function finishProvision(context: HerokuContext, resourceId: string, now = new Date()): Promise<void> {
  const provisioner = context.provisioner;
  const remoteTenant = isRemoteProvisioner(provisioner) ? await askProduct(context, provisioner, resourceId, now) : undefined;
  if (remoteTenant === "refused") return;

  const config = await context.em.fork().transactional(async (em) => {
    const resource = await em.findOne(Resource, { id: resourceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    // Deprovisioned while the product was making the tenant: it may have come after the deletion, so ask for it again.
    if (remoteTenant && resource?.state === "deprovisioned") await context.jobs.enqueue(em, { name: "delete-tenant", resourceId });
    if (!resource || resource.state !== "provisioning") return undefined;
    if (pastDeadline(resource, now)) {
      await failProvision(context.events, em, resource, "Not finished within Heroku's 12-hour limit for asynchronous provisioning");
      return undefined;
    }
    if (resource.sealedConfig) return openConfig(context.secrets, resource.sealedConfig);
    await em.populate(resource, ["plan"]);
    let provisioned: ConfigVars;
    if (!isRemoteProvisioner(provisioner)) provisioned = await provisioner.provision({ em, resource, plan: resource.plan });
    else if (remoteTenant) provisioned = remoteTenant;
    else throw new ProductUnavailable(`${resourceId} changed while its tenant was being created`);
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
    await context.events.publish(tx, current, "resource.provisioned", {});
    if (current.sealedLogInputUrl) {
      await context.jobs.enqueue(tx, { name: "write-app-log", resourceId, message: `${resource.name} is provisioned on plan ${resource.plan.slug}` });
    }
  });
}

function pastDeadline(resource: Resource, now: Date): boolean {
  return now.getTime() - resource.createdAt.getTime() > asyncProvisionDeadlineMs;
}

/**
 * The product's tenant for a resource still waiting for one; "refused" once the product refused
 * it (recorded as the resource's failure, in the product's words); undefined when there is
 * nothing to ask. Not answering is a failed attempt: the job tries again.
 */
async function askProduct(context: HerokuContext, provisioner: RemoteProvisioner, resourceId: string, now: Date): Promise<ConfigVars | "refused" | undefined> {
  const resource = await context.em.fork().findOne(Resource, { id: resourceId }, { populate: ["plan"] });
  if (!resource || resource.state !== "provisioning" || resource.sealedConfig || pastDeadline(resource, now)) return undefined;
  const answer = await callProduct(context.em, () =>
    provisioner.createTenant({ resource: productResource(resource), plan: productPlan(resource.plan) }, { idempotencyKey: stepKey.provision(resource) }),
  );
  if (answer.outcome === "done") return answer.value;
  if (answer.outcome === "unavailable") throw new ProductUnavailable(answer.reason);
  await context.em.fork().transactional(async (em) => {
    const current = await em.findOne(Resource, { id: resourceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (current?.state !== "provisioning") return;
    recordEvent(em, current, { type: "provision_refused", actor: "system", message: answer.message });
    await failProvision(context.events, em, current, answer.message);
  });
  return "refused";
}
