import type { ConfigVars } from "@addon-kit/contracts";
import type { EntityManager } from "@mikro-orm/core";
import { PlanChangeRefused, ProductUnavailable } from "../errors.ts";
import type { Plan } from "../plans/plan.entity.ts";
import { requireActivePlan } from "../plans/require-active-plan.ts";
import { callProduct } from "../product/call-product.ts";
import { productPlan, productResource, stepKey } from "../product/product-resource.ts";
import { type RemoteProvisioner, isRemoteProvisioner } from "../provisioners/remote-provisioner.ts";
import { findLiveResource } from "./find-live-resource.ts";
import type { PartnerContext } from "./partner-context.ts";
import { recordEvent } from "./record-event.ts";
import type { Resource } from "./resource.entity.ts";
import { changeConfig } from "./sealed-config.ts";

export interface PlanChangeOutcome {
  message: string;
  /** Present only when the provisioner changed config vars; Heroku then releases the apps. */
  config?: ConfigVars;
}

/** What the product agreed to, asked before the change is recorded: valid while the resource's revision has not moved. */
interface RemoteAgreement {
  revision: number;
  config: ConfigVars | undefined;
}

/**
 * Moves a resource to another plan, unless the provisioner refuses (recorded, then thrown). A
 * remote provisioner is asked first, outside any transaction; the change is then recorded only
 * if no other change committed meanwhile (otherwise Heroku is asked to try again).
 */
export async function changePlan(context: PartnerContext, herokuUuid: string, planSlug: string): Promise<PlanChangeOutcome> {
  const provisioner = context.provisioner;
  const agreed = isRemoteProvisioner(provisioner) ? await askProduct(context, provisioner, herokuUuid, planSlug) : undefined;
  if (agreed && "message" in agreed) return agreed;

  const outcome = await context.em.fork().transactional(async (em) => {
    const resource = await findLiveResource(em, herokuUuid, { lock: true });
    const from = resource.plan;
    const to = await requireActivePlan(em, planSlug);
    if (from.slug === to.slug) return { message: `Already on the ${to.name} plan.` };

    let config: ConfigVars | undefined;
    if (agreed) {
      if (agreed.revision !== resource.revision) throw new ProductUnavailable(`${herokuUuid} changed while the product was changing its plan`);
      config = agreed.config;
    } else if (!isRemoteProvisioner(provisioner)) {
      try {
        config = await provisioner.changePlan({ em, resource, plan: to, from });
      } catch (error) {
        if (!(error instanceof PlanChangeRefused)) throw error;
        recordRefusal(em, resource, from, to, error.message);
        return { refused: error };
      }
    }
    if (config && resource.sealedConfig) {
      resource.sealedConfig = changeConfig(context.secrets, resource.sealedConfig, config);
    }
    resource.plan = to;
    resource.revision += 1;
    recordEvent(em, resource, { type: "plan_changed", message: `Plan changed from ${from.slug} to ${to.slug}`, data: { from: from.slug, to: to.slug } });
    await context.events.publish(em, resource, "resource.plan_changed", { previous_plan: from.slug });
    if (resource.sealedLogInputUrl) {
      await context.jobs.enqueue(em, {
        name: "write-app-log",
        resourceId: resource.id,
        message: `${resource.name} moved from plan ${from.slug} to ${to.slug}`,
      });
    }
    return { message: `Changed from the ${from.name} plan to the ${to.name} plan.`, ...(config ? { config } : {}) };
  });
  if ("refused" in outcome) throw outcome.refused;
  return outcome;
}

/** The product's answer to the change, or the outcome when there is nothing to ask (already on the plan). */
async function askProduct(
  context: PartnerContext,
  provisioner: RemoteProvisioner,
  herokuUuid: string,
  planSlug: string,
): Promise<RemoteAgreement | PlanChangeOutcome> {
  const em = context.em.fork();
  const resource = await findLiveResource(em, herokuUuid, { lock: false });
  const to = await requireActivePlan(em, planSlug);
  if (resource.plan.slug === to.slug) return { message: `Already on the ${to.name} plan.` };
  const answer = await callProduct(context.em, () =>
    provisioner.changePlan(
      { resource: productResource(resource), plan: productPlan(to), previous_plan: productPlan(resource.plan) },
      { idempotencyKey: stepKey.planChange(resource, to) },
    ),
  );
  if (answer.outcome === "unavailable") throw new ProductUnavailable(answer.reason);
  if (answer.outcome === "refused") {
    await em.transactional(async (tx) => {
      recordRefusal(tx, await findLiveResource(tx, herokuUuid, { lock: true }), resource.plan, to, answer.message);
    });
    throw new PlanChangeRefused(answer.message);
  }
  return { revision: resource.revision, config: answer.value };
}

function recordRefusal(em: EntityManager, resource: Resource, from: Plan, to: Plan, message: string): void {
  recordEvent(em, resource, { type: "plan_change_refused", message, data: { from: from.slug, to: to.slug } });
}
