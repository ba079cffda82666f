/**
 * The load generator, run as a process of its own so that it does not share the server's event
 * loop: autocannon with `connections` keep-alive connections, `amount` requests in all, each a
 * fresh provision (its own uuid and grant), as Heroku would send. Prints one JSON line.
 *
 *   node load-generator.ts '{"url":"http://127.0.0.1:3000","authorization":"Basic ...","connections":20,"amount":2000}'
 */
import { randomUUID } from "node:crypto";
import autocannon from "autocannon";

interface LoadOptions {
  url: string;
  authorization: string;
  connections: number;
  amount: number;
}

export interface LoadOutcome {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

const options = JSON.parse(process.argv[2] ?? "{}") as LoadOptions;

function provisionBody(): string {
  const uuid = randomUUID();
  const oauth_grant = { code: randomUUID(), expires_at: new Date(Date.now() + 300_000).toISOString(), type: "authorization_code" };
  return JSON.stringify({ uuid, name: `bench-${uuid.slice(0, 8)}`, plan: "basic", region: "amazon-web-services::us-east-1", options: {}, oauth_grant });
}

const result = await autocannon({
  url: options.url,
  connections: options.connections,
  amount: options.amount,
  timeout: 30,
  requests: [
    {
      method: "POST",
      path: "/heroku/resources",
      headers: { authorization: options.authorization, "content-type": "application/json" },
      setupRequest: (request) => ({ ...request, body: provisionBody() }),
    },
  ],
});
const outcome: LoadOutcome = {
  requestsPerSecond: result.requests.total / result.duration,
  p50: result.latency.p50,
  p99: result.latency.p99,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
};
process.stdout.write(`${JSON.stringify(outcome)}\n`);
