import type { ProductAnswer, ProductEvent } from "@addon-kit/contracts";
import { z } from "zod";
import type { ProductTransport } from "./product-transport.ts";

/** Delivers lifecycle events to the product's events URL; `id` is the event's, the same on every delivery. */
export class EventSender {
  readonly #url: URL;
  readonly #transport: ProductTransport;

  constructor(options: { eventsUrl: string; transport: ProductTransport }) {
    this.#url = new URL(options.eventsUrl);
    this.#transport = options.transport;
  }

  async deliver(id: string, event: ProductEvent): Promise<ProductAnswer<undefined>> {
    return this.#transport.send(
      { method: "POST", url: this.#url, id, body: event },
      z.unknown().transform(() => undefined),
    );
  }
}
