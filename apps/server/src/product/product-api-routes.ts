import { readFile } from "node:fs/promises";
import type { FastifyPluginAsync } from "fastify";
import { committedDocumentPath } from "@addon-kit/product";

/**
 * The contract a vendor's product implements, for their tools to fetch: the committed document
 * (`packages/product/openapi/product-api.json`), which a test keeps equal to what the zod
 * schemas generate. Read on the first request, not at start-up.
 */
export const productApiRoutes: FastifyPluginAsync = async (app) => {
  let document: Promise<Buffer> | undefined;
  app.get("/product-api/openapi.json", async (_request, reply) =>
    reply.type("application/json; charset=utf-8").send(await (document ??= readFile(committedDocumentPath))),
  );
};
