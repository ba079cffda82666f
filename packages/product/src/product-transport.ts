import type { ProductAnswer } from "@addon-kit/contracts";
import { productRefusalSchema, storableExcerpt } from "@addon-kit/contracts";
import { z } from "zod";
import type { WebhookSigner } from "./webhook-signer.ts";

export interface ProductRequest {
  method: "POST" | "PUT" | "DELETE";
  url: URL;
  /** The Standard Webhooks message id: a provisioning step's idempotency key, or an event's id. */
  id: string;
  body?: unknown;
  /** Ends the wait early (a synchronous provision's budget); the transport's own timeout applies too. */
  signal?: AbortSignal;
  /** An answer of 404 or 410 means done (a tenant already deleted). */
  goneIsDone?: boolean;
}

/**
 * 4xx answers that are no refusal: they ask for the request to come again (408, 409 while the
 * first call with a key runs, 425, 429), or say it never reached the product's decision because
 * addon-kit and the product disagree on how to talk (a secret, a URL, a body it will not read).
 * Retried like a 5xx, and never shown to the customer.
 */
const retried4xx = new Set([401, 403, 404, 405, 408, 409, 413, 415, 425, 429]);

/** The largest answer read: config vars and a message are far smaller. */
const maxAnswerBytes = 64 * 1024;

/**
 * Sends signed JSON to the product and reads its answer by the contract's rules (see
 * `ProductAnswer`). Never throws and never retries: the caller decides, and durable jobs retry
 * with backoff. Redirects are not followed, so a signed request never lands elsewhere.
 */
export class ProductTransport {
  readonly #signer: WebhookSigner;
  readonly #timeoutMs: number;
  readonly #userAgent: string;

  constructor(options: { signer: WebhookSigner; timeoutMs: number; userAgent: string }) {
    this.#signer = options.signer;
    this.#timeoutMs = options.timeoutMs;
    this.#userAgent = options.userAgent;
  }

  async send<T>(request: ProductRequest, answerSchema: z.ZodType<T>): Promise<ProductAnswer<T>> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const body = request.body === undefined ? "" : JSON.stringify(request.body);
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: request.method,
        redirect: "manual",
        signal: request.signal ? AbortSignal.any([request.signal, timeout]) : timeout,
        headers: {
          ...this.#signer.headers(request.id, body),
          accept: "application/json",
          "user-agent": this.#userAgent,
          ...(body ? { "content-type": "application/json" } : {}),
        },
        ...(body ? { body } : {}),
      });
    } catch (error) {
      const reason =
        error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError") ? `no answer within ${elapsed()} ms` : describe(error);
      return unavailable(`${request.method} ${request.url.pathname}: ${reason}`, null, elapsed());
    }
    const text = await readBounded(response, maxAnswerBytes).catch((error: unknown) => ({ unreadable: describe(error) }));
    const ms = elapsed();
    const status = response.status;
    const where = `${request.method} ${request.url.pathname} answered ${status}`;
    if (typeof text !== "string") return unavailable(`${where}, and its body could not be read: ${text.unreadable}`, status, ms);

    if (request.goneIsDone && (status === 404 || status === 410)) return parsed(answerSchema, undefined, { status, ms, where });
    if (status >= 200 && status < 300) return parsed(answerSchema, parseJson(text), { status, ms, where });
    if (status >= 400 && status < 500 && !retried4xx.has(status)) {
      const refusal = productRefusalSchema.safeParse(parseJson(text));
      return { outcome: "refused", message: refusal.success ? refusal.data.message : "The add-on's provider refused the request.", status, ms };
    }
    return unavailable(`${where}${text ? `: ${text.slice(0, 300)}` : ""}`, status, ms);
  }
}

function parsed<T>(schema: z.ZodType<T>, value: unknown, meta: { status: number; ms: number; where: string }): ProductAnswer<T> {
  const result = schema.safeParse(value);
  if (result.success) return { outcome: "done", value: result.data, status: meta.status, ms: meta.ms };
  return unavailable(`${meta.where} with a body the contract does not allow: ${z.prettifyError(result.error)}`, meta.status, meta.ms);
}

/** The reason is logged and stored (the delivery log, the breaker): whatever the product sent, it must be storable. */
function unavailable(reason: string, status: number | null, ms: number): ProductAnswer<never> {
  return { outcome: "unavailable", reason: storableExcerpt(reason, 1000), status, ms };
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The body as text, refusing one larger than `limit` bytes without reading the rest. */
async function readBounded(response: Response, limit: number): Promise<string> {
  if (!response.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > limit) {
      await response.body.cancel().catch(() => {});
      throw new Error(`larger than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
