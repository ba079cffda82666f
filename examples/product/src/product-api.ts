import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Store, Tenant } from "./store.ts";

/**
 * The product's own API, which its customers' apps call with the config vars Heroku gave them
 * (`<PREFIX>_URL` and `<PREFIX>_API_KEY`, as `Authorization: Bearer <key>`).
 */
export function productApiRoutes(store: Store) {
  const signedIn = (request: FastifyRequest): Tenant | undefined => {
    const key = /^Bearer (\S+)$/.exec(request.headers.authorization ?? "")?.[1];
    return key ? store.tenantByKey(key, new Date()) : undefined;
  };
  return async (app: FastifyInstance) => {
    app.get("/api/tenant", async (request, reply) => {
      const tenant = signedIn(request);
      if (!tenant) return reply.code(401).send({ message: "Unknown, expired or revoked API key." });
      return {
        heroku_uuid: tenant.heroku_uuid,
        name: tenant.name,
        plan: tenant.plan,
        projects: store.projectCount(tenant.heroku_uuid),
        project_limit: tenant.project_limit,
      };
    });

    app.post<{ Body: { name?: unknown } }>("/api/projects", async (request, reply) => {
      const tenant = signedIn(request);
      if (!tenant) return reply.code(401).send({ message: "Unknown, expired or revoked API key." });
      if (typeof request.body?.name !== "string" || !request.body.name) return reply.code(400).send({ message: "A project needs a name." });
      if (store.projectCount(tenant.heroku_uuid) >= tenant.project_limit)
        return reply.code(422).send({ message: `Your ${tenant.plan} plan allows ${tenant.project_limit} projects.` });
      store.addProject(tenant.heroku_uuid, request.body.name);
      return reply.code(201).send({ created: request.body.name });
    });
  };
}
