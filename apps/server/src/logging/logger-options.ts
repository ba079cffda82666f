import { type LoggerOptions, stdSerializers } from "pino";

/**
 * Query strings are logged by name only: SSO links carry tokens, the user id and email there,
 * and nothing stops a client from putting a password in one.
 */
export function redactedUrl(url: string): string {
  const query = url.indexOf("?");
  if (query === -1) return url;
  const names = [...new URLSearchParams(url.slice(query + 1)).keys()];
  return `${url.slice(0, query)}?${names.map((name) => `${encodeURIComponent(name)}=[redacted]`).join("&")}`;
}

/**
 * Fields a database driver puts on its errors that hold the values of the statement: the SQL
 * with its values inlined, its parameters, and PostgreSQL's `detail` ("Key (email)=(...)").
 */
const statementFields = ["query", "sql", "params", "parameters", "queryOptions", "detail", "where", "internalQuery"];

/** An error for the log, with its causes, without the values of a failed statement. */
export function serializeError(error: unknown): unknown {
  // pino's serializer passes anything that is not an Error (a thrown string, null) through as it is.
  if (!(error instanceof Error)) return error;
  const serialized = stdSerializers.errWithCause(error) as Record<string, unknown>;
  const levels: Record<string, unknown>[] = [];
  for (let level: unknown = serialized; level && typeof level === "object"; level = (level as { cause?: unknown }).cause) {
    levels.push(level as Record<string, unknown>);
  }
  // MikroORM repeats some of these in its message ("... - detail: Failing row contains (...)"),
  // and a wrapping error may repeat its cause's message: each value is removed at every level.
  const values = levels
    .flatMap((level) => statementFields.map((field) => level[field]))
    .filter((value): value is string => typeof value === "string" && value.length > 0);
  for (const level of levels) {
    for (const field of statementFields) delete level[field];
    for (const field of ["message", "stack"]) {
      const logged = level[field];
      if (typeof logged === "string") level[field] = values.reduce((text, value) => text.replaceAll(value, "[redacted]"), logged);
    }
  }
  return serialized;
}

/** An error's message as the log keeps it: safe to show staff on a timeline. */
export function redactedMessage(error: unknown): string {
  const serialized = serializeError(error);
  return serialized && typeof serialized === "object" && "message" in serialized ? String(serialized.message) : String(error);
}

/** What Fastify hands its `req` serializer. */
interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** How the server and the worker log: JSON, with credentials and statement values kept out. */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: ["req.headers.authorization", "req.headers.cookie", 'res.headers["set-cookie"]'],
    serializers: {
      err: serializeError,
      // Fastify's own request serializer, with the query string redacted.
      req: (request: LoggedRequest) => ({
        method: request.method,
        url: redactedUrl(request.url ?? ""),
        host: request.host,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      }),
    },
  };
}
