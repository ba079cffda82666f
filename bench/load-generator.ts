/**
 * The load generator, run as a process of its own so that it does not share the server's event
 * loop: autocannon with `connections` keep-alive connections and `amount` requests in all, each
 * as Heroku would send it. Prints one JSON line.
 *
 * - `provision`: a fresh provision each time (its own uuid and grant), with Basic auth.
 * - `sso`: a fresh SSO click each time, as Heroku's form posts it (a user of its own, so that
 *   no click is a replay), on one of `resourceIds` in turn, signed with `salt`.
 *
 *   node load-generator.ts '{"scenario":"provision","url":"http://127.0.0.1:3000","authorization":"Basic ...","connections":20,"amount":2000}'
 */
import autocannon from "autocannon";
import { provisionBody, ssoFormBody } from "./heroku-requests.ts";

export type LoadOptions = { url: string; connections: number; amount: number } & (
  { scenario: "provision"; authorization: string } | { scenario: "sso"; path: string; salt: string; resourceIds: string[] }
);

export interface LoadOutcome {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Answers other than the scenario's (2xx for a provision, a 302 for a sign-in). */
  unexpected: number;
  errors: number;
  timeouts: number;
}

const options = JSON.parse(process.argv[2] ?? "{}") as LoadOptions;

let click = 0;
const nextResource = (resourceIds: string[]) => resourceIds[click++ % resourceIds.length] as string;

const request: autocannon.Request =
  options.scenario === "provision"
    ? {
        method: "POST",
        path: "/heroku/resources",
        headers: { authorization: options.authorization, "content-type": "application/json" },
        setupRequest: (request) => ({ ...request, body: provisionBody() }),
      }
    : {
        method: "POST",
        path: options.path,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        setupRequest: (request) => ({ ...request, body: ssoFormBody(nextResource(options.resourceIds), options.salt) }),
      };

// autocannon notices that `amount` is reached on its next one-second tick, so its own duration
// (and requests per second) round up to whole seconds: 20% off for a five-second run. The time
// from the start to the last answer is measured here instead.
let startedAt = performance.now();
let lastAnswerAt = startedAt;
let answers = 0;
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const run = autocannon({ url: options.url, connections: options.connections, amount: options.amount, timeout: 30, requests: [request] }, (error, done) =>
    error ? reject(error as Error) : resolve(done),
  );
  run.on("start", () => (startedAt = performance.now()));
  run.on("response", () => {
    answers += 1;
    lastAnswerAt = performance.now();
  });
});
const expected = options.scenario === "provision" ? result["2xx"] : (result.statusCodeStats?.["302"]?.count ?? 0);
const outcome: LoadOutcome = {
  requestsPerSecond: answers / ((lastAnswerAt - startedAt) / 1000),
  p50: result.latency.p50,
  p99: result.latency.p99,
  unexpected: result.requests.total - expected,
  errors: result.errors,
  timeouts: result.timeouts,
};
process.stdout.write(`${JSON.stringify(outcome)}\n`);
