import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import fastifyFormbody from "@fastify/formbody";
import Fastify from "fastify";

/** Mistakes real add-ons make; the checker must catch each. */
export interface Flaws {
  /** No idempotency: every provision makes a resource, replays included. */
  replayMakesNewResource?: boolean;
  /** Takes any SSO timestamp, however old or far ahead. */
  skipsSsoFreshness?: boolean;
  /** Crashes on a body it cannot parse instead of refusing it. */
  answers500ToBadBodies?: boolean;
}

const plans = new Set(["test", "basic", "premium"]);
const digest = (algorithm: string, text: string) => createHash(algorithm).update(text).digest("hex");
const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * A small v3 add-on written the way a vendor might, correct but for the flaws it is given: the
 * checker's own tests run it, since a checker that cannot fail proves nothing.
 */
export async function startBrokenAddon(manifest: { id: string; api: { password: string; sso_salt: string } }, flaws: Flaws = {}) {
  const resources = new Map<string, { id: string; plan: string; gone: boolean }>();
  const usedClicks = new Set<string>();
  const app = Fastify({ forceCloseConnections: true });
  await app.register(fastifyFormbody);
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser(/^application\/(json|vnd\.heroku-addons\+json)/, { parseAs: "string" }, (_request, body, done) => {
    try {
      done(null, body ? JSON.parse(body as string) : undefined);
    } catch {
      done(Object.assign(new Error("not JSON"), { statusCode: flaws.answers500ToBadBodies ? 500 : 400 }));
    }
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) =>
    reply.code(error.statusCode ?? 500).send({ message: (error.statusCode ?? 500) < 500 ? error.message : "internal error" }),
  );
  const expected = `Basic ${Buffer.from(`${manifest.id}:${manifest.api.password}`).toString("base64")}`;
  app.addHook("onRequest", async (request, reply) => {
    if (request.url.startsWith("/heroku/") && request.headers.authorization !== expected) return reply.code(401).send({ message: "Unauthorized" });
  });

  app.post<{ Body: { uuid?: string; plan?: string } | undefined }>("/heroku/resources", async (request, reply) => {
    const { uuid, plan } = request.body ?? {};
    if (!uuid || !plan) return reply.code(400).send({ message: "uuid and plan are required" });
    if (!plans.has(plan)) return reply.code(422).send({ message: `No plan ${plan}.` });
    const known = resources.get(uuid);
    const resource = known && !flaws.replayMakesNewResource ? known : { id: randomUUID(), plan, gone: false };
    resources.set(uuid, resource);
    return { id: resource.id, config: { EXAMPLE_METRICS_URL: `https://broken.example/${resource.id}` }, message: "Ready." };
  });
  app.put<{ Params: { uuid: string }; Body: { plan?: string } | undefined }>("/heroku/resources/:uuid", async (request, reply) => {
    const resource = resources.get(request.params.uuid);
    if (!resource) return reply.code(404).send({ message: "No such resource." });
    if (resource.gone) return reply.code(410).send({ message: "Gone." });
    if (!request.body?.plan || !plans.has(request.body.plan)) return reply.code(422).send({ message: "No such plan." });
    resource.plan = request.body.plan;
    return { message: `Now on ${resource.plan}.` };
  });
  app.delete<{ Params: { uuid: string } }>("/heroku/resources/:uuid", async (request, reply) => {
    const resource = resources.get(request.params.uuid);
    if (!resource) return reply.code(404).send({ message: "No such resource." });
    if (resource.gone) return reply.code(410).send({ message: "Gone." });
    resource.gone = true;
    return reply.code(204).send();
  });

  app.post<{ Body: Record<string, string> }>("/sso/login", async (request, reply) => {
    const form = request.body;
    const { resource_id: id = "", timestamp = "" } = form;
    const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
    const sha1 = digest("sha1", `${id}:${manifest.api.sso_salt}:${timestamp}`);
    const sha256 = digest("sha256", `${id}:${manifest.api.sso_salt}:${timestamp}:${form.user_id}:${form.email}`);
    const valid = form.user_scoped_resource_token ? same(sha256, form.user_scoped_resource_token) : same(sha1, form.resource_token ?? "");
    const click = form.user_scoped_resource_token ?? form.resource_token ?? "";
    if (!valid || (!fresh && !flaws.skipsSsoFreshness) || usedClicks.has(click) || !resources.has(id)) return reply.code(403).send({ message: "Forbidden" });
    usedClicks.add(click);
    return reply.header("set-cookie", `session=${randomUUID()}; Path=/; HttpOnly; SameSite=Lax`).redirect("/dashboard", 302);
  });

  await app.listen({ port: 0, host: "127.0.0.1" });
  return { url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`, close: () => app.close() };
}
