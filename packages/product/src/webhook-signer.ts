import { Webhook } from "standardwebhooks";

/**
 * Standard Webhooks headers for a message. With several secrets the message carries one
 * signature for each, space-separated as the scheme allows, so the product can move to a new
 * secret while it still accepts the old one.
 */
export class WebhookSigner {
  readonly #keys: Webhook[];

  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) throw new Error("a WebhookSigner needs at least one secret");
    this.#keys = secrets.map((secret) => new Webhook(secret));
  }

  headers(id: string, body: string, now = new Date()): Record<string, string> {
    return {
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": this.#keys.map((key) => key.sign(id, now, body)).join(" "),
    };
  }
}
