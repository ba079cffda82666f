import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { DomainError } from "@addon-kit/domain";
import { statusByDomainError } from "../http-errors.ts";

/**
 * What an error becomes on the wire: a client's mistake with its 4xx and a message it can act
 * on, anything else a fixed 500 message carrying the request id, the error itself logged.
 */
export function toHttpError(error: FastifyError, request: FastifyRequest): { status: number; message: string } {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? "request";
    const problems = error.validation.map((issue) => `${[where, ...issue.instancePath.split("/").filter(Boolean)].join(".")}: ${issue.message}`);
    return { status: 400, message: `Invalid request: ${problems.join("; ")}` };
  }
  if (error instanceof DomainError) {
    if (error.reason) request.log.warn({ code: error.code, reason: error.reason }, "request refused");
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
      // Unavailable for now (the vendor's product): say when trying again makes sense.
      if (status === 503) void reply.header("retry-after", "30");
      return reply.code(status).send({ message });
    });
    app.setNotFoundHandler((_request, reply) => reply.code(404).send({ message: "Not found" }));
  },
  { name: "error-handler" },
);

/**
 * Errors Fastify answers before any route or hook runs (a URL that is not valid percent-encoding),
 * in the same shape as every other refusal. Passed as Fastify's `frameworkErrors` option.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { status, message } = toHttpError(error, request);
  void reply.code(status).send({ message });
}

/**
 * Requests Node's HTTP parser refuses (headers too large, malformed request lines) never reach
 * Fastify's routing; this answers them on the socket in the documented shape. Passed as
 * Fastify's `clientErrorHandler` option.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy(error);
    return;
  }
  const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
  const body = JSON.stringify({ message: `${STATUS_CODES[status]}: the request could not be read.` });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    // The server allows half-open sockets: without this, a client that never closes keeps it.
    () => socket.destroy(),
  );
}
