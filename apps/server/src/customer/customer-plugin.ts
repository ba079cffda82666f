import { fileURLToPath } from "node:url";
import fastifyCsrf from "@fastify/csrf-protection";
import fastifyFormbody from "@fastify/formbody";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifyView from "@fastify/view";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { Eta } from "eta";
import type { SecretBox } from "@addon-kit/domain";
import type { AppConfig } from "../config/load-config.ts";
import { databaseRateLimitStore } from "../plugins/database-rate-limit-store.ts";
import { toHttpError } from "../plugins/error-handler.ts";
import { dashboardRoutes } from "./dashboard-routes.ts";
import { ssoRoutes } from "./sso-routes.ts";

export interface CustomerPluginOptions {
  config: AppConfig;
  secrets: SecretBox;
}

const pageTitles: Record<number, string> = {
  401: "Please sign in through Heroku",
  403: "This sign-in link cannot be used",
  429: "Too many sign-in attempts",
};

/** Pages for people: browsers get HTML, anything else the usual JSON message. */
function renderError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const { status, message } = toHttpError(error, request);
  if (!request.headers.accept?.includes("text/html")) return reply.code(status).send({ message });
  return reply.code(status).view("message", { title: pageTitles[status] ?? "Something went wrong", message });
}

/** Heroku SSO and the customer dashboard it opens. */
export const customerPlugin: FastifyPluginAsyncZod<CustomerPluginOptions> = async (app, { config, secrets }) => {
  await app.register(fastifyFormbody, { bodyLimit: 16 * 1024 });
  await app.register(fastifyRateLimit, { global: false, store: databaseRateLimitStore(app.orm) });
  await app.register(fastifyCsrf, {
    sessionPlugin: "@fastify/cookie",
    cookieOpts: { signed: true, httpOnly: true, sameSite: "strict", path: "/dashboard", secure: config.secureCookies },
  });
  await app.register(fastifyView, {
    engine: { eta: new Eta() },
    templates: fileURLToPath(new URL("./views", import.meta.url)),
    production: config.environment === "production",
  });
  app.setErrorHandler(renderError);

  await app.register(ssoRoutes, { config });
  await app.register(dashboardRoutes, { config, secrets, prefix: "/dashboard" });
};
