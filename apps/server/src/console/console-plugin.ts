import { existsSync } from "node:fs";
import fastifyStatic from "@fastify/static";
import { type CreateFastifyContextOptions, fastifyTRPCPlugin } from "@trpc/server/adapters/fastify";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Provisioner, SecretBox } from "@addon-kit/domain";
import type { AppConfig } from "../config/load-config.ts";
import { type ConsoleRouter, consoleRouter } from "./console-router.ts";
import { staffCookie } from "./staff-cookie.ts";
import type { ConsoleContext } from "./trpc.ts";

export interface ConsolePluginOptions {
  config: AppConfig;
  provisioner: Provisioner;
  secrets: SecretBox;
  /** The built console (`apps/console/dist`); without it, `/console` explains how to build it. */
  consoleDist: string;
}

/**
 * The header every console request carries. Browsers let no other site set a custom header
 * without a CORS preflight, which this server never grants, so a cross-site form or script
 * cannot make a signed-in browser call a mutation.
 */
export const consoleRequestHeader = "x-addon-kit-console";

const hasBody = (request: FastifyRequest) =>
  (request.headers["content-length"] ?? "0") !== "0" || request.headers["transfer-encoding"] !== undefined;
const isJson = (contentType: string | undefined) => contentType !== undefined && /^application\/json\s*(;|$)/i.test(contentType);

/** The staff console: its tRPC API under `/trpc` and its web app under `/console`. */
export async function consolePlugin(app: FastifyInstance, options: ConsolePluginOptions): Promise<void> {
  const { config } = options;

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
        createContext: ({ req, res }: CreateFastifyContextOptions): ConsoleContext => ({
          em: app.orm.em.fork(),
          jobs: app.jobs,
          provisioner: options.provisioner,
          secrets: options.secrets,
          sessionPolicy: config.staff.session,
          sessionToken: staffCookie.read(req),
          clientAddress: req.ip,
          signInRateLimitPerMinute: config.staff.signInRateLimitPerMinute,
          setSessionToken: (token) => (token ? staffCookie.set(res, token, config.secureCookies) : staffCookie.clear(res)),
        }),
        onError: ({ error, path }) => {
          if (error.code === "INTERNAL_SERVER_ERROR") app.log.error({ err: error.cause ?? error, path }, "console request failed");
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
