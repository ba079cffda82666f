import type { EntityManager } from "@mikro-orm/core";
import type { ConfigVars } from "@addon-kit/contracts";
import type { Plan } from "../plans/plan.entity.ts";
import type { Resource } from "../resources/resource.entity.ts";

/**
 * What runs in the vendor's product when Heroku provisions, re-plans or deprovisions. Each
 * call runs inside the transaction that records the change, through `em`, so work done in
 * the same database commits or rolls back with it. During `provision` the resource is not yet
 * written (it is written with the config vars `provision` returns): create what belongs to it
 * with `em.create` and do not call `em.flush()`; the ORM writes it at commit, after the
 * resource (a query meanwhile does not see it). A provisioner that calls another system
 * should pass `resource.herokuUuid` along as an idempotency key: Heroku delivers at least once.
 */
export interface Provisioner {
  /** Creates the tenant and returns its config vars (names from the manifest's `config_vars`). */
  provision(context: ProvisionerContext): Promise<ConfigVars>;
  /**
   * Moves the tenant to another plan. Returns new config vars if they change, or nothing.
   * Throw `PlanChangeRefused` with a customer-facing message to refuse.
   */
  changePlan(context: ProvisionerContext & { from: Plan }): Promise<ConfigVars | undefined>;
  /** Revokes the tenant's credentials; the resource's records are kept. */
  deprovision(context: ProvisionerContext): Promise<void>;
  /**
   * Issues new credentials and returns the config vars that changed. The old ones must keep
   * working until `retireCredentials` says when they end. Optional: without it, rotation is
   * refused.
   */
  rotateCredentials?(context: ProvisionerContext): Promise<ConfigVars>;
  /**
   * Called once Heroku has the new config (and is releasing the apps): the credentials replaced
   * by rotations so far must stop working `graceSeconds` from now. Required with `rotateCredentials`.
   */
  retireCredentials?(context: ProvisionerContext & { graceSeconds: number }): Promise<void>;
}

export interface ProvisionerContext {
  em: EntityManager;
  resource: Resource;
  plan: Plan;
}
