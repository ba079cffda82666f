import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  asyncProvisionResponseSchema,
  errorResponseSchema,
  planChangeRequestSchema,
  planChangeResponseSchema,
  provisionRequestSchemaFor,
  resourcePathSchema,
  syncProvisionResponseSchema,
} from "@addon-kit/contracts";
import { type PartnerContext, changePlan, deprovision, provision } from "@addon-kit/domain";
import { z } from "zod";

const errors = {
  400: errorResponseSchema,
  401: errorResponseSchema,
  404: errorResponseSchema,
  409: errorResponseSchema,
  410: errorResponseSchema,
  413: errorResponseSchema,
  415: errorResponseSchema,
  422: errorResponseSchema,
  // The vendor's product is not answering (PROVISIONER=http): Heroku should try again.
  503: errorResponseSchema,
};

export interface PartnerApiRoutesOptions {
  context: () => PartnerContext;
  bodyLimit: number;
  /** Outside production, Heroku's URLs may point at a fake Heroku on this machine over http. */
  allowLoopbackHttp: boolean;
}

export const partnerApiRoutes: FastifyPluginAsyncZod<PartnerApiRoutesOptions> = async (app, { context, bodyLimit, allowLoopbackHttp }) => {
  const provisionRequestSchema = provisionRequestSchemaFor({ allowLoopbackHttp });
  app.post(
    "/",
    {
      bodyLimit,
      schema: { body: provisionRequestSchema, response: { 200: syncProvisionResponseSchema, 202: asyncProvisionResponseSchema, ...errors } },
    },
    async (request, reply) => {
      const outcome = await provision(context(), request.body);
      if (outcome.state === "provisioning") return reply.code(202).send({ id: outcome.id, message: outcome.message });
      return reply.code(200).send({ id: outcome.id, config: outcome.config, message: outcome.message });
    },
  );

  app.put(
    "/:uuid",
    {
      bodyLimit,
      schema: { params: resourcePathSchema, body: planChangeRequestSchema, response: { 200: planChangeResponseSchema, ...errors } },
    },
    async (request) => changePlan(context(), request.params.uuid, request.body.plan),
  );

  app.delete("/:uuid", { bodyLimit, schema: { params: resourcePathSchema, response: { 204: z.undefined(), ...errors } } }, async (request, reply) => {
    await deprovision(context(), request.params.uuid);
    return reply.code(204).send();
  });
};
