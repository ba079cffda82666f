import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import type { FastifyInstance } from "fastify";
import type { Store } from "./store.ts";

interface Event {
  type: string;
  data: { resource: { heroku_uuid: string } };
}

/**
 * `POST /events`: addon-kit's lifecycle events (the OpenAPI document's `webhooks`), signed like
 * every call. Each is validated by its schema in the document and recorded once per
 * `webhook-id`, whatever the number of deliveries. A type this product does not know yet is
 * acknowledged, so that new kinds of event never block a resource's later ones.
 */
export function eventRoutes(store: Store, specification: { webhooks: Record<string, unknown> }) {
  const ajv = new Ajv({ strict: false });
  addFormats.default(ajv);
  ajv.addSchema(specification, "contract");
  const schemaOf = (type: string) => ajv.getSchema(`contract#/webhooks/${type}/post/requestBody/content/application~1json/schema`);

  return async (app: FastifyInstance) => {
    app.post("/events", async (request, reply) => {
      const type = (request.body as { type?: unknown } | null)?.type;
      if (typeof type !== "string" || !(type in specification.webhooks)) return reply.code(204).send();
      const valid = schemaOf(type);
      if (!valid?.(request.body)) return reply.code(422).send({ message: `Not a valid ${type} event: ${ajv.errorsText(valid?.errors)}` });
      const event = request.body as Event;
      store.recordEvent(String(request.headers["webhook-id"]), event.data.resource.heroku_uuid, event.type, request.rawBody, new Date());
      return reply.code(204).send();
    });
  };
}
