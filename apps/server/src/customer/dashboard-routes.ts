import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { type SecretBox, endCustomerSession, loadCustomerDashboard, resumeCustomerSession } from "@addon-kit/domain";
import type { AppConfig } from "../config/load-config.ts";
import { sessionCookie } from "./session-cookie.ts";

const params = z.strictObject({ resourceId: z.guid() });

/** The customer's dashboard of one resource, open to that resource's session only. */
export const dashboardRoutes: FastifyPluginAsyncZod<{ config: AppConfig; secrets: SecretBox }> = async (app, { config, secrets }) => {
  async function show(request: FastifyRequest, reply: FastifyReply, resourceId: string, reveal: boolean) {
    const em = app.orm.em.fork();
    const session = await resumeCustomerSession(em, config.sso.session, sessionCookie.read(request), resourceId);
    const dashboard = await loadCustomerDashboard(em, secrets, session, { reveal });
    reply.header("cache-control", "no-store");
    return reply.view("dashboard", { ...dashboard, csrfToken: reply.generateCsrf(), addonName: config.manifest.name });
  }

  app.get("/:resourceId", { schema: { params } }, (request, reply) => show(request, reply, request.params.resourceId, false));
  app.post("/:resourceId/reveal", { schema: { params }, preHandler: app.csrfProtection }, (request, reply) =>
    show(request, reply, request.params.resourceId, true),
  );

  app.post("/:resourceId/logout", { schema: { params }, preHandler: app.csrfProtection }, async (request, reply) => {
    const em = app.orm.em.fork();
    const session = await resumeCustomerSession(em, config.sso.session, sessionCookie.read(request), request.params.resourceId);
    await endCustomerSession(em, session);
    sessionCookie.clear(reply, request.params.resourceId);
    return reply.view("message", {
      title: "You are signed out",
      message: "To come back, open the add-on again from your Heroku Dashboard.",
    });
  });
};
