import { type EventSink, type JobQueue, type LifecycleEvents, deliveredLifecycleEvents, noLifecycleEvents } from "@addon-kit/domain";
import { EventSender, HttpProvisioner, ProductTransport, WebhookSigner } from "@addon-kit/product";
import type { AppConfig } from "../config/load-config.ts";

/** The vendor's product as addon-kit reaches it, from the configuration: either part may be absent. */
export interface ProductConnection {
  /** `PROVISIONER=http`'s provisioner, when `PRODUCT_API_URL` is set. */
  provisioner: HttpProvisioner | undefined;
  /** Where lifecycle events go, when `PRODUCT_EVENTS_URL` is set. */
  eventSink: EventSink | undefined;
}

export function connectProduct(config: AppConfig): ProductConnection {
  const product = config.product;
  if (!product) return { provisioner: undefined, eventSink: undefined };
  const transport = new ProductTransport({
    signer: new WebhookSigner(product.signingSecrets),
    timeoutMs: product.timeoutMs,
    userAgent: `addon-kit (${config.manifest.id})`,
  });
  return {
    provisioner: product.apiUrl
      ? new HttpProvisioner({
          apiUrl: product.apiUrl,
          transport,
          configVarNames: config.manifest.api.config_vars,
          syncProvisionWaitMs: product.provisionWaitMs,
        })
      : undefined,
    eventSink: product.eventsUrl ? new EventSender({ eventsUrl: product.eventsUrl, transport }) : undefined,
  };
}

/** Changes are recorded as lifecycle events only when there is somewhere to deliver them. */
export function lifecycleEventsFor(config: AppConfig, jobs: JobQueue): LifecycleEvents {
  return config.product?.eventsUrl ? deliveredLifecycleEvents(jobs) : noLifecycleEvents;
}
