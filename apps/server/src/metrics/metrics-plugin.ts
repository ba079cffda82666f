import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { QueueHealth } from "@addon-kit/contracts";
import { hashToken, tokenMatchesHash } from "@addon-kit/domain";

export interface MetricsOptions {
  /** Bearer token a scraper sends; without one, `/metrics` is not served. */
  token: string | undefined;
  /** Names this process in every series: each web process counts its own requests. */
  instance: string;
  ssoPath: string;
}

/**
 * Prometheus metrics at `/metrics`. Request counts and latencies are this process's (the
 * `instance` label tells processes apart); job figures are read from the database, so they are
 * the same whichever process answers (aggregate them across instances with `max`, not `sum`).
 * That matters on Heroku, where a scrape reaches one web dyno at random and worker dynos cannot
 * be reached at all.
 * Every Heroku call runs in a job, so Heroku's errors show as failed job attempts.
 */
export const metricsPlugin = fp(
  async (app: FastifyInstance, options: MetricsOptions): Promise<void> => {
    if (!options.token) return;
    const expected = hashToken(`Bearer ${options.token}`);
    const register = new Registry();
    register.setDefaultLabels({ instance: options.instance });
    collectDefaultMetrics({ register });

    const requests = new Histogram({
      name: "addon_kit_http_request_duration_seconds",
      help: "HTTP requests by route and status, with their latency.",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [register],
    });
    const ssoOutcomes = new Counter({
      name: "addon_kit_sso_sign_ins_total",
      help: "Heroku SSO sign-ins by outcome: signed_in, refused or rate_limited.",
      labelNames: ["outcome"],
      registers: [register],
    });
    // One read of the database per scrape, shared by the gauges (prom-client collects them at once).
    // With the database down the scrape still answers, with the process's own figures.
    let scrape: { at: number; health: Promise<QueueHealth[]> } | undefined;
    const queueHealth = () => {
      if (!scrape || Date.now() - scrape.at > 1_000) {
        const health = app.jobs.queueHealth().catch((error: unknown) => {
          app.log.warn({ err: error }, "metrics: job queues could not be read");
          return [];
        });
        scrape = { at: Date.now(), health };
      }
      return scrape.health;
    };
    const queueGauge = (name: string, help: string, read: (health: QueueHealth) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ["queue"],
        registers: [register],
        async collect() {
          this.reset();
          for (const health of await queueHealth()) this.set({ queue: health.queue }, read(health));
        },
      });
    queueGauge("addon_kit_jobs_waiting", "Jobs queued or waiting to be retried.", (health) => health.waiting);
    queueGauge("addon_kit_jobs_active", "Jobs running now, in any worker.", (health) => health.active);
    queueGauge("addon_kit_jobs_failed", "Jobs that gave up, still kept by pg-boss.", (health) => health.failed);
    queueGauge(
      "addon_kit_jobs_failed_attempts",
      "Failed attempts (Heroku or the product erring) of the jobs pg-boss keeps.",
      (health) => health.failedAttempts,
    );
    queueGauge("addon_kit_jobs_oldest_waiting_seconds", "How long the oldest due job has waited.", (health) => health.oldestWaitingSeconds);

    app.addHook("onResponse", async (request, reply) => {
      const route = request.routeOptions.url ?? "unmatched";
      requests.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
      if (route === options.ssoPath) {
        ssoOutcomes.inc({ outcome: reply.statusCode === 302 ? "signed_in" : reply.statusCode === 429 ? "rate_limited" : "refused" });
      }
    });

    app.get("/metrics", async (request, reply) => {
      if (!tokenMatchesHash(request.headers.authorization, expected)) {
        return reply.code(401).header("www-authenticate", "Bearer").send({ message: "Metrics need the bearer token set in METRICS_TOKEN." });
      }
      return reply.type(register.contentType).send(await register.metrics());
    });
    // Not encapsulated: the request hook must see every route.
  },
  { name: "metrics", dependencies: ["jobs"] },
);
