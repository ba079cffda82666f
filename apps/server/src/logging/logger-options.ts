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

type SerializedError = ReturnType<typeof stdSerializers.err> & Record<string, unknown>;

/** An error for the log, with its causes, without the values of a failed statement. */
export function serializeError(error: unknown): SerializedError {
  const serialized = stdSerializers.errWithCause(error as Error) as SerializedError;
  const strip = (entry: Record<string, unknown>) => {
    // MikroORM repeats some of these in the message ("... - detail: Failing row contains (...)").
    const repeated = statementFields.map((field) => entry[field]).filter((value): value is string => typeof value === "string" && value.length > 0);
    for (const field of statementFields) delete entry[field];
    for (const field of ["message", "stack"] as const) {
      const logged = entry[field];
      if (typeof logged === "string") entry[field] = repeated.reduce((text, value) => text.replaceAll(value, "[redacted]"), logged);
    }
    if (entry.cause && typeof entry.cause === "object") strip(entry.cause as Record<string, unknown>);
  };
  strip(serialized);
  return serialized;
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
