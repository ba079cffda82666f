import { fileURLToPath } from "node:url";
import fastifyCookie from "@fastify/cookie";
import fastifyHelmet from "@fastify/helmet";
import Fastify, { type FastifyInstance } from "fastify";
import type { DestinationStream } from "pino";
import { type ZodTypeProvider, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { SecretBox, type TenantProvisioner, syncPlanCatalog } from "@addon-kit/domain";
import type { AppConfig } from "./config/load-config.ts";
import { consolePlugin, consoleServices } from "./console/console-plugin.ts";
import { customerPlugin } from "./customer/customer-plugin.ts";
import { healthRoutes } from "./health/health-routes.ts";
import { partnerApiPlugin } from "./partner-api/partner-api-plugin.ts";
import { webhookRoutes } from "./heroku-webhooks/webhook-routes.ts";
import { loggerOptions } from "./logging/logger-options.ts";
import { jobsPlugin } from "./jobs/jobs-plugin.ts";
import { metricsPlugin } from "./metrics/metrics-plugin.ts";
import { databasePlugin } from "./plugins/database.ts";
import { gracefulClosePlugin } from "./plugins/graceful-close.ts";
import { clientErrorHandler, errorHandlerPlugin, frameworkErrors } from "./plugins/error-handler.ts";
import { requestIdFor } from "./request-id.ts";
import { closeProvisioner, selectProvisioner } from "./select-provisioner.ts";
import { connectProduct } from "./product/product-connection.ts";
import { productApiRoutes } from "./product/product-api-routes.ts";

/** Where `npm run build` puts the console web app. */
const consoleDist = fileURLToPath(new URL("../../console/dist", import.meta.url));

export interface AppOverrides {
  /** A vendor's own provisioner, used instead of the one `PROVISIONER` names. */
  provisioner?: TenantProvisioner;
  /** Where the log goes instead of standard output. */
  logStream?: DestinationStream;
}

/** Builds the whole service without listening; `main.ts` listens, tests call `inject`. */
export async function buildApp(config: AppConfig, overrides: AppOverrides = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { ...loggerOptions(config.logLevel), ...(overrides.logStream ? { stream: overrides.logStream } : {}) },
    genReqId: requestIdFor,
    // The largest body any route takes (a Partner API call); routes that take less say so.
    bodyLimit: 64 * 1024,
    frameworkErrors,
    clientErrorHandler,
    trustProxy: (_address: string, hop: number) => hop < config.trustProxyHops,
    // Opening the database runs the migrations, and PGlite starts slowly on a busy machine: more
    // than Fastify's 10 s for one plugin, still inside the 60 s Heroku gives a web dyno to bind.
    pluginTimeout: 45_000,
  }).withTypeProvider<ZodTypeProvider>();
  // No route takes plain text; Fastify parses it by default.
  app.removeContentTypeParser("text/plain");
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });

  await app.register(errorHandlerPlugin);
  await app.register(gracefulClosePlugin);
  // Outside production the service runs on plain http://localhost, where upgrading requests would break forms.
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: config.secureCookies ? [] : null } },
  });
  await app.register(fastifyCookie, { secret: config.sessionSecret });
  await app.register(databasePlugin, { config });
  await syncPlanCatalog(app.orm.em, config.plans);

  const secrets = new SecretBox(config.encryptionKey);
  const product = connectProduct(config);
  const provisioner = overrides.provisioner ?? selectProvisioner(config, product);
  await app.register(jobsPlugin, {
    config,
    provisioner,
    secrets,
    eventSink: product.eventSink,
    // A vendor's own provisioner is theirs to close.
    onStopped: async () => (overrides.provisioner ? undefined : closeProvisioner(provisioner)),
  });

  await app.register(healthRoutes);
  await app.register(productApiRoutes);
  await app.register(metricsPlugin, { ...config.metrics, ssoPath: new URL(config.manifest.api.production.sso_url).pathname });
  await app.register(partnerApiPlugin, {
    prefix: new URL(config.manifest.api.production.base_url).pathname.replace(/\/+$/, ""),
    manifest: config.manifest,
    provisioner,
    secrets,
    allowLoopbackHttp: config.allowLoopbackHttp,
  });
  await app.register(webhookRoutes, { secrets });
  app.decorate("consoleServices", consoleServices(app, { config, provisioner, secrets }));
  await app.register(consolePlugin, { config, consoleDist });
  await app.register(customerPlugin, { config, secrets });
  const oidc = config.oidc;
  if (oidc) {
    // Loaded only when configured: the OpenID Provider and its dependencies take about 45 MB.
    const { oidcPlugin } = await import("./oidc/oidc-plugin.ts");
    await app.register(oidcPlugin, { config: { ...config, oidc }, secrets });
  }
  return app;
}
