import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";

const healthSchema = z.object({ status: z.enum(["ok", "unavailable"]), database: z.string() });

/** For load balancers and orchestrators: 200 while the database answers, 503 while it does not. */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get("/healthz", { schema: { response: { 200: healthSchema, 503: healthSchema } } }, async (request, reply) => {
    const check = await app.orm.checkConnection();
    if (check.ok) return { status: "ok" as const, database: "ok" };
    request.log.warn({ reason: check.reason }, "database health check failed");
    return reply.code(503).send({ status: "unavailable", database: "unreachable" });
  });
};
