import { ProductUnavailable } from "../errors.ts";
import type { HerokuContext } from "../heroku/heroku-context.ts";
import { callProduct } from "../product/call-product.ts";
import { stepKey } from "../product/product-resource.ts";
import { isRemoteProvisioner } from "../provisioners/remote-provisioner.ts";
import { recordEvent } from "./record-event.ts";
import { Resource } from "./resource.entity.ts";

/**
 * Asks the product to delete a deprovisioned resource's tenant, until it answers: the job
 * retries with backoff while the product is unavailable. Heroku was answered long before.
 */
export async function deleteRemoteTenant(context: Pick<HerokuContext, "em" | "provisioner">, resourceId: string): Promise<void> {
  const provisioner = context.provisioner;
  const resource = await context.em.fork().findOne(Resource, { id: resourceId });
  if (!isRemoteProvisioner(provisioner) || resource?.state !== "deprovisioned") return;
  const answer = await callProduct(context.em, () => provisioner.deleteTenant(resource.herokuUuid, { idempotencyKey: stepKey.deprovision(resource) }));
  if (answer.outcome === "unavailable") throw new ProductUnavailable(answer.reason);
  const em = context.em.fork();
  recordEvent(
    em,
    em.getReference(Resource, resourceId),
    answer.outcome === "done"
      ? { type: "tenant_deleted", actor: "system", message: "The product deleted the tenant" }
      : { type: "tenant_delete_refused", actor: "system", message: `The product refused to delete the tenant: ${answer.message}` },
  );
  await em.flush();
}
