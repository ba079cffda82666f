import { retryingFetch } from "./retrying-fetch.ts";

/**
 * One syslog (RFC 5424) line per message, each prefixed by its length in bytes: the
 * `application/logplex-1` framing Heroku's log input expects.
 */
export function logplexFrames(messages: readonly string[], options: { procId: string; now?: Date }): string {
  const timestamp = (options.now ?? new Date()).toISOString();
  return messages
    .map((message) => {
      const line = `<190>1 ${timestamp} host app ${options.procId} - - ${message.replaceAll("\n", " ")}`;
      return `${Buffer.byteLength(line)} ${line}`;
    })
    .join("");
}

/** Writes lines to an app's log stream through its `log_input_url` (credentials are in the URL). */
export async function writeAppLogs(logInputUrl: string, messages: readonly string[], options: { procId: string; userAgent: string }): Promise<void> {
  const url = new URL(logInputUrl);
  const credentials = url.username
    ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString("base64")}`
    : undefined;
  url.username = "";
  url.password = "";
  const body = logplexFrames(messages, options);
  const response = await retryingFetch(url.toString(), {
    method: "POST",
    headers: {
      "content-type": "application/logplex-1",
      "logplex-msg-count": String(messages.length),
      "user-agent": options.userAgent,
      ...(credentials ? { authorization: credentials } : {}),
    },
    body,
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`log input answered ${response.status}`);
}
