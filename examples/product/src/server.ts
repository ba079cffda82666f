import { timingSafeEqual } from "node:crypto";
import fastifyCookie from "@fastify/cookie";
import Fastify, { type FastifyInstance } from "fastify";
import openapiGlue from "fastify-openapi-glue";
import { eventRoutes } from "./events.ts";
import { productApiRoutes } from "./product-api.ts";
import { provisioningHandlers } from "./provisioning.ts";
import { type SignInOptions, signInRoutes } from "./sign-in.ts";
import { signatureCheck } from "./signatures.ts";
import type { Store } from "./store.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The body's exact bytes, which the signature covers. */
    rawBody: string;
  }
}

export interface ProductOptions {
  store: Store;
  /** addon-kit's OpenAPI document (its `/product-api/openapi.json`). */
  specification: { webhooks: Record<string, unknown> };
  /** The secrets addon-kit signs with (its `PRODUCT_SIGNING_SECRET`). */
  signingSecrets: readonly string[];
  configVarsPrefix: string;
  /** Where customers' apps reach this product's API: their `<PREFIX>_URL`. */
  apiUrl: string;
  /** Opens `GET /admin/tenants/:uuid` (what the product knows of a tenant) to `Authorization: Bearer <token>`. */
  adminToken: string | undefined;
  /** Signs the product's cookies. */
  cookieSecret: string;
  /** Customers signed in from Heroku through addon-kit's OpenID Provider; unset, no sign-in. */
  signIn: SignInOptions | undefined;
}

export async function buildProduct(options: ProductOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: { level: "warn" }, bodyLimit: 64 * 1024 });
  app.decorateRequest("rawBody", "");
  await app.register(fastifyCookie, { secret: options.cookieSecret });
  // Kept as text until the signature over it is checked.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => done(null, body));

  const signed = signatureCheck(options.signingSecrets);
  await app.register(async (fromAddonKit) => {
    // Before anything else, and for calls without a body too: was it addon-kit, and recently?
    fromAddonKit.addHook("preValidation", async (request, reply) => {
      request.rawBody = typeof request.body === "string" ? request.body : "";
      if (!signed(request.rawBody, request.headers)) return reply.code(401).send({ message: "Invalid or stale signature." });
      if (!request.rawBody) return;
      try {
        request.body = JSON.parse(request.rawBody);
      } catch {
        return reply.code(400).send({ message: "The body is not JSON." });
      }
    });
    await fromAddonKit.register(openapiGlue, {
      specification: options.specification,
      prefix: "addon-kit",
      serviceHandlers: provisioningHandlers(options.store, options),
    });
    await fromAddonKit.register(eventRoutes(options.store, options.specification));
  });

  await app.register(async (api) => {
    // The product's own customers send JSON, with no signature.
    api.addHook("preValidation", async (request) => {
      if (typeof request.body === "string") request.body = request.body ? JSON.parse(request.body) : undefined;
    });
    await api.register(productApiRoutes(options.store));
  });

  if (options.signIn) await app.register(signInRoutes(options.store, options.signIn));

  const adminToken = options.adminToken;
  if (adminToken) {
    app.get<{ Params: { uuid: string } }>("/admin/tenants/:uuid", async (request, reply) => {
      const given = Buffer.from(request.headers.authorization ?? "");
      const expected = Buffer.from(`Bearer ${adminToken}`);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return reply.code(401).send({ message: "Admin token required." });
      return options.store.history(request.params.uuid);
    });
  }
  return app;
}
