import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";

const healthSchema = z.object({ status: z.enum(["ok", "unavailable"]), database: z.string() });

/**
 * For load balancers and orchestrators. Readiness (`/readyz`, and `/healthz` as before): 200 while
 * the database answers, 503 while it does not, so traffic goes elsewhere. Liveness (`/livez`): 200
 * while the process serves at all, so a database outage does not get healthy processes restarted.
 */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get("/livez", { schema: { response: { 200: z.object({ status: z.literal("ok") }) } } }, async () => ({ status: "ok" as const }));
  for (const url of ["/readyz", "/healthz"]) app.get(url, { schema: { response: { 200: healthSchema, 503: healthSchema } } }, ready);

  async function ready(request: FastifyRequest, reply: FastifyReply) {
    const check = await app.orm.checkConnection();
    if (check.ok) return { status: "ok" as const, database: "ok" };
    request.log.warn({ reason: check.reason }, "database health check failed");
    return reply.code(503).send({ status: "unavailable", database: "unreachable" });
  }
};
