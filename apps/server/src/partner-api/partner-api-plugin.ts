import fastifyBasicAuth from "@fastify/basic-auth";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { SecretBox, TenantProvisioner } from "@addon-kit/domain";
import type { AddonManifest } from "@addon-kit/contracts";
import { credentialsMatcher } from "./basic-auth.ts";
import { partnerApiRoutes } from "./partner-api-routes.ts";

export interface PartnerApiOptions {
  manifest: AddonManifest;
  provisioner: TenantProvisioner;
  secrets: SecretBox;
  allowLoopbackHttp: boolean;
}

/** Heroku's provision bodies are a few hundred bytes; anything near this is not from Heroku. */
const partnerBodyLimit = 64 * 1024;

/** Plain JSON, or JSON under Heroku's vendor type `application/vnd.heroku-addons+json; version=3`. */
const json = /^application\/(json|vnd\.heroku[\w.-]*\+json)\s*(;.*)?$/i;

/**
 * The Add-on Partner API, mounted at the path of the manifest's `base_url`. Encapsulated:
 * its Basic-auth hook and body limit apply to these routes only.
 */
export const partnerApiPlugin: FastifyPluginAsyncZod<PartnerApiOptions> = async (app, options) => {
  const matches = credentialsMatcher({ username: options.manifest.id, password: options.manifest.api.password });
  await app.register(fastifyBasicAuth, {
    authenticate: { realm: options.manifest.id },
    validate: async (username, password) => {
      if (!matches({ username, password })) throw Object.assign(new Error("Invalid credentials"), { statusCode: 401 });
    },
  });
  app.addHook("onRequest", app.basicAuth);
  // An empty body parses as no body: some clients send a JSON content type on DELETE. Where a
  // body is required, the route's schema then refuses it with a 400.
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser(json, { parseAs: "string", bodyLimit: partnerBodyLimit }, (request, body, done) =>
    body.length === 0 ? done(null, undefined) : parseJson(request, body.toString(), done),
  );
  await app.register(partnerApiRoutes, {
    context: () => ({
      em: app.orm.em.fork(),
      provisioner: options.provisioner,
      secrets: options.secrets,
      jobs: app.jobs,
      events: app.lifecycleEvents,
      addon: { name: options.manifest.name, regions: options.manifest.api.regions },
    }),
    bodyLimit: partnerBodyLimit,
    allowLoopbackHttp: options.allowLoopbackHttp,
  });
};
