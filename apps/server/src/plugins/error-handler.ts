import type { FastifyError, FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { DomainError, SsoRefused, WebhookRefused } from "@addon-kit/domain";
import { statusByDomainError } from "../http-errors.ts";

/**
 * What an error becomes on the wire: a client's mistake with its 4xx and a message it can act
 * on, anything else a fixed 500 message carrying the request id, the error itself logged.
 */
export function toHttpError(error: FastifyError, request: FastifyRequest): { status: number; message: string } {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? "request";
    const problems = error.validation.map(
      (issue) => `${[where, ...issue.instancePath.split("/").filter(Boolean)].join(".")}: ${issue.message}`,
    );
    return { status: 400, message: `Invalid request: ${problems.join("; ")}` };
  }
  if (error instanceof DomainError) {
    if (error instanceof SsoRefused) request.log.warn({ reason: error.message }, "SSO sign-in refused");
    if (error instanceof WebhookRefused) request.log.warn({ reason: error.reason }, "webhook delivery refused");
    return { status: statusByDomainError[error.code], message: error.message };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return { status, message: error.message };
  request.log.error({ err: error }, "request failed");
  return { status: 500, message: `Internal server error (request id ${request.id})` };
}

/** Every error leaves as `{"message": ...}` unless a plugin renders its own (the customer pages). */
export const errorHandlerPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const { status, message } = toHttpError(error, request);
      return reply.code(status).send({ message });
    });
    app.setNotFoundHandler((_request, reply) => reply.code(404).send({ message: "Not found" }));
  },
  { name: "error-handler" },
);
