import { LockMode } from "@mikro-orm/core";
import { ProductUnavailable } from "../errors.ts";
import { callProduct } from "../product/call-product.ts";
import { productResource, stepKey } from "../product/product-resource.ts";
import { type RemoteProvisioner, isRemoteProvisioner } from "../provisioners/remote-provisioner.ts";
import { recordEvent } from "../resources/record-event.ts";
import { Resource } from "../resources/resource.entity.ts";
import { validAccessToken } from "./access-token.ts";
import type { HerokuContext } from "./heroku-context.ts";
import { openConfig } from "../resources/sealed-config.ts";

/**
 * Records that Heroku has the config, only if the config sent is still the latest; then the
 * grace of credentials a rotation replaced starts. False when a newer config landed meanwhile.
 */
async function recordDelivered(context: HerokuContext, resourceId: string, pushed: string): Promise<boolean> {
  const provisioner = context.provisioner;
  const retiredRemotely = isRemoteProvisioner(provisioner) ? await retireRemotely(context, provisioner, resourceId, pushed) : undefined;
  return context.em.fork().transactional(async (em) => {
    const resource = await em.findOne(Resource, { id: resourceId }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ["plan"] });
    if (!resource || resource.sealedConfig !== pushed) return false;
    resource.configPushedAt = new Date();
    const graceSeconds = resource.pendingRotationGraceSeconds;
    if (graceSeconds !== null && graceSeconds !== undefined) {
      if (!isRemoteProvisioner(provisioner)) await provisioner.retireCredentials?.({ em, resource, plan: resource.plan, graceSeconds });
      resource.pendingRotationGraceSeconds = null;
      resource.pendingRotationKey = null;
      recordEvent(em, resource, {
        type: "credentials_retired",
        actor: "system",
        message: retiredRemotely ?? `Heroku has the new config; the old credentials stop working in ${graceSeconds} s`,
      });
    }
    return true;
  });
}

/**
 * Asks the product to end the replaced credentials, before the push is recorded: should it not
 * answer, the job fails, and its retry pushes and asks again. What to record, or undefined when
 * there is nothing to retire.
 */
async function retireRemotely(context: HerokuContext, provisioner: RemoteProvisioner, resourceId: string, pushed: string): Promise<string | undefined> {
  const resource = await context.em.fork().findOne(Resource, { id: resourceId }, { populate: ["plan"] });
  const graceSeconds = resource?.pendingRotationGraceSeconds;
  if (!resource || resource.sealedConfig !== pushed || graceSeconds === null || graceSeconds === undefined) return undefined;
  const retireAt = new Date(Date.now() + graceSeconds * 1000);
  const answer = await callProduct(context.em, () =>
    provisioner.retireCredentials(
      {
        resource: productResource(resource),
        retire_at: retireAt.toISOString(),
        grace_seconds: graceSeconds,
        ...(resource.pendingRotationKey ? { rotation_key: resource.pendingRotationKey } : {}),
      },
      { idempotencyKey: stepKey.retirement(resource) },
    ),
  );
  if (answer.outcome === "unavailable") throw new ProductUnavailable(answer.reason);
  if (answer.outcome === "refused") return `Heroku has the new config; the product refused to end the old credentials: ${answer.message}`;
  return `Heroku has the new config; the product ends the old credentials at ${retireAt.toISOString()}`;
}

/**
 * Sends the resource's current config to Heroku, which releases every attached app. Pushes
 * from several workers may land in any order, so after each push the stored config is read
 * again: if it changed meanwhile (a newer rotation), the newer one is pushed too, and Heroku
 * ends on the latest config whichever push landed last.
 */
export async function pushConfig(context: HerokuContext, resourceId: string): Promise<void> {
  for (;;) {
    const em = context.em.fork();
    const resource = await em.findOne(Resource, { id: resourceId });
    if (!resource?.sealedConfig || resource.state !== "provisioned") return;
    const pushed = resource.sealedConfig;
    const accessToken = await validAccessToken(em, context.heroku, context.secrets, resourceId);
    await context.heroku.updateConfig(resource.herokuUuid, accessToken, openConfig(context.secrets, pushed));
    if (await recordDelivered(context, resourceId, pushed)) return;
  }
}
