import { z } from "zod";
import { isStorableText } from "./storable.ts";

/** Where a fake Heroku runs in development and tests. */
function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Whether addon-kit may call a URL that Heroku handed it: https anywhere, plain http only to
 * this machine and only when `allowLoopbackHttp` (outside production). Anything else (another
 * scheme, http to an internal host) would let whoever sends the URL aim our requests.
 */
export function isCallableUrl(value: string, options: { allowLoopbackHttp: boolean }): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (!isStorableText(value)) return false;
  if (url.protocol === "https:") return true;
  return options.allowLoopbackHttp && url.protocol === "http:" && isLoopback(url.hostname);
}

export function calledUrlSchema(options: { allowLoopbackHttp: boolean }) {
  return z
    .url()
    .max(2048)
    .refine((value) => isCallableUrl(value, options), options.allowLoopbackHttp ? "must be an https URL (or http to this machine)" : "must be an https URL");
}
