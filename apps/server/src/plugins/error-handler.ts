import type { FastifyError, FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { DomainError } from "@addon-kit/domain";
import { statusByDomainError } from "../http-errors.ts";

/**
 * Every error leaves as `{"message": ...}`: a client's mistake with its 4xx and a message it
 * can act on, anything else as a fixed 500 message carrying the request id for the logs.
 */
export const errorHandlerPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (hasZodFastifySchemaValidationErrors(error)) {
        const where = error.validationContext ?? "request";
        const problems = error.validation.map(
          (issue) => `${[where, ...issue.instancePath.split("/").filter(Boolean)].join(".")}: ${issue.message}`,
        );
        return reply.code(400).send({ message: `Invalid request: ${problems.join("; ")}` });
      }
      if (error instanceof DomainError) {
        return reply.code(statusByDomainError[error.code]).send({ message: error.message });
      }
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        return reply.code(status).send({ message: error.message });
      }
      request.log.error({ err: error }, "request failed");
      return reply.code(500).send({ message: `Internal server error (request id ${request.id})` });
    });
    app.setNotFoundHandler((_request, reply) => reply.code(404).send({ message: "Not found" }));
  },
  { name: "error-handler" },
);
