import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";

const safeRequestId = /^[\w.:-]{1,128}$/;

/** Keeps the request id Heroku's router or a proxy assigned, when it is safe to log as it is. */
export function requestIdFor(request: IncomingMessage): string {
  const given = request.headers["x-request-id"];
  return typeof given === "string" && safeRequestId.test(given) ? given : randomUUID();
}
