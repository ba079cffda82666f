import type { ConfigVars } from "@addon-kit/contracts";
import { PlanChangeRefused } from "../errors.ts";
import { requireActivePlan } from "../plans/require-active-plan.ts";
import { lockLiveResource } from "./lock-live-resource.ts";
import type { PartnerContext } from "./partner-context.ts";
import { recordEvent } from "./record-event.ts";
import { changeConfig } from "./sealed-config.ts";

export interface PlanChangeOutcome {
  message: string;
  /** Present only when the provisioner changed config vars; Heroku then releases the apps. */
  config?: ConfigVars;
}

/** Moves a resource to another plan, unless the provisioner refuses (recorded, then thrown). */
export async function changePlan(context: PartnerContext, herokuUuid: string, planSlug: string): Promise<PlanChangeOutcome> {
  const outcome = await context.em.fork().transactional(async (em) => {
    const resource = await lockLiveResource(em, herokuUuid);
    const from = resource.plan;
    const to = await requireActivePlan(em, planSlug);
    if (from.slug === to.slug) return { message: `Already on the ${to.name} plan.` };

    let config: ConfigVars | undefined;
    try {
      config = await context.provisioner.changePlan({ em, resource, plan: to, from });
    } catch (error) {
      if (!(error instanceof PlanChangeRefused)) throw error;
      recordEvent(em, resource, { type: "plan_change_refused", message: error.message, data: { from: from.slug, to: to.slug } });
      return { refused: error };
    }
    if (config && resource.sealedConfig) {
      resource.sealedConfig = changeConfig(context.secrets, resource.sealedConfig, config);
    }
    resource.plan = to;
    recordEvent(em, resource, { type: "plan_changed", message: `Plan changed from ${from.slug} to ${to.slug}`, data: { from: from.slug, to: to.slug } });
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
