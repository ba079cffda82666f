import type { FastifyReply, FastifyRequest } from "fastify";
import type { Store } from "./store.ts";

/** What the contract's request bodies hold that this product uses (the OpenAPI document has them whole). */
interface Resource {
  id: string;
  heroku_uuid: string;
  name: string;
  region: string;
}
interface Plan {
  slug: string;
  name: string;
  limits: Record<string, number>;
}

type Request<Body = unknown> = FastifyRequest<{ Body: Body; Params: { heroku_uuid: string } }>;
type Answer = { status: number; body: unknown };

/**
 * The handlers of the OpenAPI document's operations, by `operationId` (fastify-openapi-glue
 * routes and validates each call by the document before it gets here). Each answer is given
 * once per idempotency key (`webhook-id`): a retried call gets the same tenant and key.
 */
export function provisioningHandlers(store: Store, options: { configVarsPrefix: string; apiUrl: string }) {
  const idempotencyKey = (request: Request) => String(request.headers["webhook-id"]);
  const once = (request: Request, reply: FastifyReply, work: () => Answer) => {
    const answer = store.idempotent(idempotencyKey(request), request.rawBody, work);
    return reply.code(answer.status).send(answer.body);
  };
  const limitOf = (plan: Plan) => plan.limits.projects ?? Number.MAX_SAFE_INTEGER;

  return {
    createTenant(request: Request<{ resource: Resource; plan: Plan }>, reply: FastifyReply) {
      return once(request, reply, () => {
        const { resource, plan } = request.body;
        // A create that arrives after the add-on was deleted (they raced) must not bring the tenant back.
        if (store.wasDeleted(resource.heroku_uuid)) return { status: 422, body: { message: "This add-on has been removed." } };
        if (store.tenant(resource.heroku_uuid)) return { status: 409, body: { message: "This add-on already has a tenant." } };
        store.createTenant({
          heroku_uuid: resource.heroku_uuid,
          resource_id: resource.id,
          name: resource.name,
          plan: plan.slug,
          project_limit: limitOf(plan),
          region: resource.region,
        });
        const key = store.issueKey(resource.heroku_uuid, new Date(), idempotencyKey(request));
        return { status: 201, body: { config: { [`${options.configVarsPrefix}_URL`]: options.apiUrl, [`${options.configVarsPrefix}_API_KEY`]: key } } };
      });
    },

    changePlan(request: Request<{ plan: Plan }>, reply: FastifyReply) {
      return once(request, reply, () => {
        const tenant = store.tenant(request.params.heroku_uuid);
        if (!tenant) return { status: 404, body: { message: "No such tenant." } };
        const { plan } = request.body;
        const used = store.projectCount(tenant.heroku_uuid);
        // The customer sees this in the Heroku CLI or Dashboard, as it is.
        if (used > limitOf(plan)) {
          return { status: 422, body: { message: `You have ${used} projects; the ${plan.name} plan allows ${limitOf(plan)}. Delete some projects first.` } };
        }
        store.changePlan(tenant.heroku_uuid, plan.slug, limitOf(plan));
        return { status: 200, body: {} };
      });
    },

    rotateCredentials(request: Request, reply: FastifyReply) {
      return once(request, reply, () => {
        if (!store.tenant(request.params.heroku_uuid)) return { status: 404, body: { message: "No such tenant." } };
        // The old key keeps working until retireCredentials says when it ends.
        return {
          status: 200,
          body: { config: { [`${options.configVarsPrefix}_API_KEY`]: store.issueKey(request.params.heroku_uuid, new Date(), idempotencyKey(request)) } },
        };
      });
    },

    retireCredentials(request: Request<{ retire_at: string; rotation_key?: string }>, reply: FastifyReply) {
      const { retire_at: retireAt, rotation_key: rotationKey } = request.body;
      // Ending a key Heroku may hold would take the customer's apps down: nothing ends instead.
      if (!store.retireOlderKeys(request.params.heroku_uuid, new Date(retireAt), rotationKey)) {
        return reply.code(422).send({ message: `No key was issued by rotation ${rotationKey}, so none were retired.` });
      }
      return reply.code(204).send();
    },

    deleteTenant(request: Request, reply: FastifyReply) {
      if (!store.tenant(request.params.heroku_uuid)) return reply.code(404).send({ message: "No such tenant." });
      store.deleteTenant(request.params.heroku_uuid, new Date());
      return reply.code(204).send();
    },
  };
}
