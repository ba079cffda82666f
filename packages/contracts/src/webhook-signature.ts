import { createHmac, timingSafeEqual } from "node:crypto";

/** `Heroku-Webhook-Hmac-SHA256`: base64 HMAC-SHA256 of the exact raw body, keyed by the subscription's secret. */
export function webhookSignature(secret: string, rawBody: string | Buffer): string {
  return createHmac("sha256", secret).update(rawBody).digest("base64");
}

/** Constant-time check of a delivered signature against the raw body. */
export function isWebhookSignatureValid(secret: string, rawBody: string | Buffer, given: string | undefined): boolean {
  if (!given) return false;
  const expected = Buffer.from(webhookSignature(secret, rawBody));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
