import { FlushMode, UniqueConstraintViolationException } from "@mikro-orm/core";
import { type ConfigVars, type ProvisionRequest, isRegionSupported } from "@addon-kit/contracts";
import { ProductUnavailable, ProvisionConflict, ProvisionRefused, ResourceGone, UnsupportedRegion } from "../errors.ts";
import type { Plan } from "../plans/plan.entity.ts";
import { requireActivePlan } from "../plans/require-active-plan.ts";
import { callProduct } from "../product/call-product.ts";
import { type ResourceFacts, productPlan, productResource, stepKey } from "../product/product-resource.ts";
import { type RemoteProvisioner, isRemoteProvisioner } from "../provisioners/remote-provisioner.ts";
import type { PartnerContext } from "./partner-context.ts";
import { insertNewResource } from "./insert-new-resource.ts";
import { recordEvent } from "./record-event.ts";
import { requestFingerprint } from "./request-fingerprint.ts";
import { resourceIdFor } from "./resource-id.ts";
import { Resource } from "./resource.entity.ts";
import { ResourceEvent } from "./resource-event.entity.ts";
import { openConfig, sealConfig } from "./sealed-config.ts";

export type ProvisionOutcome =
  { state: "provisioned"; id: string; config: ConfigVars; message: string } | { state: "provisioning"; id: string; message: string };

/**
 * Provisions once per Heroku uuid. A replay, even one racing the first request, answers what
 * the first answered: the unique index on `heroku_uuid` makes the racers wait for the winner's
 * commit, fail, and then read what it wrote. A first request costs one transaction: the
 * resource with its grant and first event in one statement, the grant's exchange job, and the
 * provisioner's rows at commit.
 *
 * A remote provisioner's tenant is asked for first, outside any transaction, under the step's
 * idempotency key (a replay or a racer asks again and gets the same tenant). Then the resource
 * is recorded in one transaction. If the product does not answer in time and Heroku sent a
 * grant, the resource is recorded as provisioning and the background job asks again (202).
 */
export async function provision(context: PartnerContext, request: ProvisionRequest): Promise<ProvisionOutcome> {
  const fingerprint = requestFingerprint({ plan: request.plan, region: request.region, options: request.options ?? {} });
  const replayOf = async () => {
    const existing = await context.em.findOne(Resource, { herokuUuid: request.uuid }, { populate: ["plan"] });
    return existing ? replay(context, existing, fingerprint) : undefined;
  };
  // A remote tenant is asked for before the transaction, so a replay must be found first. With a
  // local provisioner the unique index finds it instead, saving a read on every first request.
  if (isRemoteProvisioner(context.provisioner)) {
    const replayed = await replayOf();
    if (replayed) return replayed;
  }

  let plan: Plan;
  try {
    plan = await requireActivePlan(context.em, request.plan);
    if (!isRegionSupported(request.region, context.addon.regions)) throw new UnsupportedRegion(request.region, context.addon.regions);
  } catch (error) {
    // A replay is answered as the first request was, even on a plan retired or a region dropped since.
    const replayed = await replayOf();
    if (replayed) return replayed;
    throw error;
  }
  const grant = request.oauth_grant;
  const facts = {
    id: resourceIdFor(request.uuid),
    herokuUuid: request.uuid,
    name: request.name ?? request.uuid,
    plan,
    region: request.region,
    options: request.options ?? {},
    state: "provisioning" as const,
  };
  // Finishing in the background needs the grant's token; without one, provision now.
  const inBackground = plan.provisioning === "async" && Boolean(grant);
  const remoteTenant =
    isRemoteProvisioner(context.provisioner) && !inBackground ? await createRemoteTenant(context, context.provisioner, facts, Boolean(grant)) : undefined;

  try {
    // Nothing is flushed before the commit, not even before a query (as MikroORM's default does):
    // a provisioner's rows refer to the resource, which is written only once it has returned.
    return await context.em.fork({ flushMode: FlushMode.COMMIT }).transactional(async (em) => {
      const now = new Date();
      const resource = em.create(
        Resource,
        {
          ...facts,
          requestFingerprint: fingerprint,
          callbackUrl: request.callback_url ?? null,
          sealedLogInputUrl: request.log_input_url ? context.secrets.seal(request.log_input_url) : null,
          createdAt: now,
          updatedAt: now,
        },
        { persist: false },
      );
      const newGrant = grant
        ? { sealedGrantCode: context.secrets.seal(grant.code), grantExpiresAt: Number.isNaN(Date.parse(grant.expires_at)) ? null : new Date(grant.expires_at) }
        : undefined;
      const later = inBackground || remoteTenant === "later";
      let config: ConfigVars | undefined;
      if (!later) {
        // Managed as if read, so that rows the provisioner creates for it are written after it at
        // commit, and it is not written twice.
        em.merge(resource);
        config = remoteTenant ?? (await localProvisioner(context).provision({ em, resource, plan }));
        resource.sealedConfig = sealConfig(context.secrets, config);
        resource.state = "provisioned";
        resource.provisionedAt = now;
      }
      const data = { plan: plan.slug, region: request.region };
      await insertNewResource(
        em,
        resource,
        newGrant,
        later
          ? {
              type: "provisioning_started",
              message: inBackground
                ? `Provisioning on plan ${plan.slug} in the background`
                : "The product did not answer in time; provisioning continues in the background",
              data,
            }
          : { type: "provisioned", message: `Provisioned on plan ${plan.slug}`, data },
      );
      if (grant) await context.jobs.enqueue(em, { name: "exchange-grant", resourceId: resource.id });
      if (!config) return { state: "provisioning" as const, id: resource.id, message: pendingMessage(context) };
      // Its state as written, so that the commit finds nothing to update.
      em.merge(resource, { refresh: true });
      await context.events.publish(em, resource, "resource.provisioned", {});
      if (resource.sealedLogInputUrl) {
        await context.jobs.enqueue(em, { name: "write-app-log", resourceId: resource.id, message: `${resource.name} is provisioned on plan ${plan.slug}` });
      }
      return { state: "provisioned" as const, id: resource.id, config, message: readyMessage(context, plan.name) };
    });
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    const winner = await context.em.fork().findOneOrFail(Resource, { herokuUuid: request.uuid }, { populate: ["plan"] });
    return replay(context, winner, fingerprint);
  }
}

/**
 * The product's tenant, or "later" when it did not answer within the wait and a grant lets the
 * provision finish in the background. A refusal reaches the customer as the product worded it.
 */
async function createRemoteTenant(context: PartnerContext, provisioner: RemoteProvisioner, resource: ResourceFacts & { plan: Plan }, canFinishLater: boolean) {
  const answer = await callProduct(context.em, () =>
    provisioner.createTenant(
      { resource: productResource(resource), plan: productPlan(resource.plan) },
      { idempotencyKey: stepKey.provision(resource), signal: AbortSignal.timeout(provisioner.syncProvisionWaitMs) },
    ),
  );
  if (answer.outcome === "done") return answer.value;
  if (answer.outcome === "refused") throw new ProvisionRefused(answer.message, `the product refused to provision ${resource.herokuUuid}`);
  if (canFinishLater) return "later" as const;
  throw new ProductUnavailable(answer.reason);
}

function localProvisioner(context: PartnerContext) {
  if (isRemoteProvisioner(context.provisioner)) throw new Error("a remote provisioner's tenant is created before the transaction");
  return context.provisioner;
}

async function replay(context: PartnerContext, resource: Resource, fingerprint: string): Promise<ProvisionOutcome> {
  if (resource.state === "deprovisioned") throw new ResourceGone(resource.herokuUuid);
  if (resource.requestFingerprint !== fingerprint) throw new ProvisionConflict(resource.herokuUuid);
  const em = context.em.fork();
  recordEvent(em, em.getReference(Resource, resource.id), { type: "provision_replayed", message: "Heroku repeated the provision request" });
  await em.flush();
  if (resource.state === "failed") {
    // A tenant the product refused is refused again, with the same words.
    const refusal = await em.findOne(ResourceEvent, { resource: resource.id, type: "provision_refused" }, { orderBy: { id: "desc" } });
    if (refusal) throw new ProvisionRefused(refusal.message, `replay of refused provision ${resource.herokuUuid}`);
  }
  if (resource.state !== "provisioned" || !resource.sealedConfig) {
    return { state: "provisioning", id: resource.id, message: pendingMessage(context) };
  }
  const config = openConfig(context.secrets, resource.sealedConfig);
  return { state: "provisioned", id: resource.id, config, message: readyMessage(context, resource.plan.name) };
}

function pendingMessage(context: PartnerContext): string {
  return `${context.addon.name} is being provisioned. It will be available shortly.`;
}

function readyMessage(context: PartnerContext, planName: string): string {
  return `${context.addon.name} (${planName}) is ready to use.`;
}
