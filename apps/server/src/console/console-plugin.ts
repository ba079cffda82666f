import { existsSync } from "node:fs";
import fastifyStatic from "@fastify/static";
import { type CreateFastifyContextOptions, fastifyTRPCPlugin } from "@trpc/server/adapters/fastify";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { type ConsoleRouter, type ConsoleServices, consoleRouter, createConsoleContext } from "@addon-kit/console-api";
import { DomainError, type SecretBox, type TenantProvisioner } from "@addon-kit/domain";
import type { AppConfig } from "../config/load-config.ts";
import { staffCookie } from "./staff-cookie.ts";
import { rateLimitKey } from "../plugins/rate-limit-key.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** What console requests work with; tests call procedures with the same (see testing/console-caller.ts). */
    consoleServices: ConsoleServices;
  }
}

export interface ConsolePluginOptions {
  config: AppConfig;
  /** The built console (`apps/console/dist`); without it, `/console` explains how to build it. */
  consoleDist: string;
}

/**
 * The header every console request carries. Browsers let no other site set a custom header
 * without a CORS preflight, which this server never grants, so a cross-site form or script
 * cannot make a signed-in browser call a mutation.
 */
export const consoleRequestHeader = "x-addon-kit-console";

const hasBody = (request: FastifyRequest) => (request.headers["content-length"] ?? "0") !== "0" || request.headers["transfer-encoding"] !== undefined;
const isJson = (contentType: string | undefined) => contentType !== undefined && /^application\/json\s*(;|$)/i.test(contentType);

/** What the console API works with, from the app's parts. */
export function consoleServices(app: FastifyInstance, options: { config: AppConfig; provisioner: TenantProvisioner; secrets: SecretBox }): ConsoleServices {
  return {
    em: app.orm.em,
    jobs: app.jobs,
    provisioner: options.provisioner,
    events: app.lifecycleEvents,
    eventsUrlConfigured: Boolean(options.config.product?.eventsUrl),
    secrets: options.secrets,
    sessionPolicy: options.config.staff.session,
    signInRateLimitPerMinute: options.config.staff.signInRateLimitPerMinute,
  };
}

/** Console sign-in attempts are counted per client address, as the configured proxies report it. */
export const consoleSignInKey = (clientAddress: string) => rateLimitKey("console-sign-in", clientAddress);

/** The staff console: its tRPC API under `/trpc` and its web app under `/console`. */
export async function consolePlugin(app: FastifyInstance, options: ConsolePluginOptions): Promise<void> {
  const { config } = options;
  const services = app.consoleServices;

  await app.register(async (api) => {
    api.addHook("onRequest", async (request, reply) => {
      if (request.method !== "GET" && request.headers[consoleRequestHeader] !== "1") {
        return reply.code(403).send({ message: `Console requests must carry the ${consoleRequestHeader} header.` });
      }
      // tRPC hands other types (multipart) to its procedures as an unbounded stream; the console sends JSON only.
      if (hasBody(request) && !isJson(request.headers["content-type"])) {
        return reply.code(415).send({ message: "Console requests send JSON (Content-Type: application/json)." });
      }
    });
    await api.register(fastifyTRPCPlugin<ConsoleRouter>, {
      prefix: "/trpc",
      trpcOptions: {
        router: consoleRouter,
        // One procedure per request, so that per-request limits (sign-in attempts) count every call.
        allowBatching: false,
        createContext: ({ req, res }: CreateFastifyContextOptions) =>
          createConsoleContext(services, {
            sessionToken: staffCookie.read(req),
            signInAttemptKey: consoleSignInKey(req.ip),
            setSessionToken: (token) => (token ? staffCookie.set(res, token, config.secureCookies) : staffCookie.clear(res)),
          }),
        onError: ({ error, path }) => {
          if (error.code === "INTERNAL_SERVER_ERROR") app.log.error({ err: error.cause ?? error, path }, "console request failed");
          // The caller saw the fixed message; what happened goes to the log, as on the REST side.
          else if (error.cause instanceof DomainError && error.cause.reason)
            app.log.warn({ code: error.cause.code, reason: error.cause.reason, path }, "console request refused");
        },
      },
    });
  });

  await app.register(async (web) => {
    web.get("/console", async (_request, reply) => reply.redirect("/console/"));
    if (!existsSync(options.consoleDist)) {
      web.get("/console/*", async (_request, reply) =>
        reply.code(503).send({ message: "The console is not built: run `npm run build` (npm start does it for you)." }),
      );
      return;
    }
    await web.register(fastifyStatic, { root: options.consoleDist, prefix: "/console/", wildcard: false });
    // Client-side routes (/console/resources/…) all load the app's one page; a missing asset stays a 404.
    web.get("/console/*", async (request, reply) =>
      request.url.startsWith("/console/assets/") ? reply.code(404).send({ message: "Not found" }) : reply.sendFile("index.html"),
    );
  });
}
