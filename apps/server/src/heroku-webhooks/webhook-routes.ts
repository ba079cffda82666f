import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { attachmentWebhookSchema, describeIssues } from "@addon-kit/contracts";
import { type SecretBox, authenticateWebhook, recordAttachmentEvent } from "@addon-kit/domain";

/** Heroku's event bodies are a few kilobytes. */
const webhookBodyLimit = 64 * 1024;

const badRequest = (message: string) => Object.assign(new Error(message), { statusCode: 400 });

/**
 * Heroku's `api:addon-attachment` webhooks. The signature covers the exact bytes Heroku sent,
 * so the body is kept raw until it is verified, and only then parsed.
 */
export const webhookRoutes: FastifyPluginAsyncZod<{ secrets: SecretBox }> = async (app, { secrets }) => {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer", bodyLimit: webhookBodyLimit }, (_request, body, done) => done(null, body));

  app.post("/heroku/webhooks/:resourceId", { schema: { params: z.object({ resourceId: z.uuid() }) } }, async (request, reply) => {
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const em = app.orm.em.fork();
    await authenticateWebhook(em, secrets, request.params.resourceId, {
      authorization: request.headers.authorization,
      signature: request.headers["heroku-webhook-hmac-sha256"]?.toString(),
      rawBody,
    });

    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString("utf8"));
    } catch {
      throw badRequest("The webhook body is not JSON.");
    }
    // Only attachment events are subscribed to; anything else is acknowledged so Heroku stops retrying it.
    if ((body as { resource?: unknown } | null)?.resource !== "addon-attachment") {
      return reply.code(202).send({ message: "Event ignored: addon-kit only subscribes to attachment events." });
    }
    const event = attachmentWebhookSchema.safeParse(body);
    if (!event.success) throw badRequest(`Invalid attachment event: ${describeIssues(event.error)}`);
    const outcome = await recordAttachmentEvent({ em, events: app.lifecycleEvents }, request.params.resourceId, event.data);
    return reply.code(200).send({ message: outcome === "applied" ? "Attachment event recorded." : "Attachment event already recorded." });
  });
};
