import Fastify from "fastify";
import { Webhook } from "standardwebhooks";

/** One call the product received, its signature checked. */
export interface ProductCall {
  method: string;
  path: string;
  /** `webhook-id`: the idempotency key, or the event's id. */
  id: string;
  /** The body's exact bytes, and parsed. */
  raw: string;
  body: unknown;
}

export type ProductAnswerScript = { status: number; body?: unknown; delayMs?: number };

/**
 * A vendor's product whose every answer a test decides: a real HTTP server that checks each
 * call's signature (a call that fails the check fails the test) and records it.
 */
export async function startScriptedProduct(signingSecret: string) {
  const verifier = new Webhook(signingSecret);
  const calls: ProductCall[] = [];
  let answer: (call: ProductCall) => ProductAnswerScript = () => ({ status: 500 });
  const unsigned: string[] = [];

  const app = Fastify({ forceCloseConnections: true });
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => done(null, body));
  app.all("/*", async (request, reply) => {
    const raw = typeof request.body === "string" ? request.body : "";
    try {
      verifier.verify(raw, request.headers as Record<string, string>);
    } catch {
      unsigned.push(`${request.method} ${request.url}`);
      return reply.code(401).send({ message: "bad signature" });
    }
    const call = { method: request.method, path: request.url, id: String(request.headers["webhook-id"]), raw, body: raw ? JSON.parse(raw) : undefined };
    calls.push(call);
    const { status, body, delayMs } = answer(call);
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return reply.code(status).send(body);
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

  return {
    apiUrl: `${url}/addon-kit`,
    eventsUrl: `${url}/events`,
    calls,
    /** Calls that did not carry a valid signature (none should). */
    unsigned,
    answer(next: (call: ProductCall) => ProductAnswerScript) {
      answer = next;
    },
    close: () => app.close(),
  };
}

export type ScriptedProduct = Awaited<ReturnType<typeof startScriptedProduct>>;
