import type { HerokuManifest } from "@addon-kit/contracts";

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body as JSON, or undefined when it is not JSON. */
  json: unknown;
}

type Credentials = "valid" | "wrong" | "none";

/** What of a request or answer a failure shows: enough to see the problem, never a whole megabyte. */
const excerpt = (text: string) => (text.length > 400 ? `${text.slice(0, 400)}… (${text.length} characters)` : text);

/**
 * Calls the add-on under test as Heroku does (Basic auth with the manifest's id and password,
 * Heroku's JSON types), and keeps every exchange of the current check for its report.
 */
export class AddonClient {
  readonly #url: URL;
  readonly #manifest: HerokuManifest;
  #exchanges: string[] = [];

  constructor(url: string, manifest: HerokuManifest) {
    this.#url = new URL(url);
    this.#manifest = manifest;
  }

  /** The exchanges since the last call, and a fresh record for the next check. */
  takeExchanges(): string[] {
    const taken = this.#exchanges;
    this.#exchanges = [];
    return taken;
  }

  get baseUrl(): URL {
    return this.#url;
  }

  partnerApi(
    method: string,
    suffix: string,
    body?: unknown,
    options: { credentials?: Credentials; rawBody?: string; contentType?: string } = {},
  ): Promise<Answer> {
    const { id, password } = { id: this.#manifest.id, password: this.#manifest.api.password };
    const credentials = options.credentials ?? "valid";
    const authorization =
      credentials === "none" ? undefined : `Basic ${Buffer.from(`${id}:${credentials === "valid" ? password : `${password}-wrong`}`).toString("base64")}`;
    const payload = options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
    return this.request(method, new URL(this.#manifest.api.production.base_url).pathname + suffix, {
      headers: {
        accept: "application/vnd.heroku-addons+json; version=3",
        ...(authorization ? { authorization } : {}),
        ...(payload === undefined ? {} : { "content-type": options.contentType ?? "application/json" }),
      },
      ...(payload === undefined ? {} : { body: payload }),
    });
  }

  /** Posts an SSO form to the manifest's `sso_url` path, as the customer's browser does for the Heroku Dashboard. */
  sso(fields: Record<string, string>): Promise<Answer> {
    const ssoUrl = this.#manifest.api.production.sso_url;
    if (!ssoUrl) throw new Error("the manifest has no sso_url");
    const path = new URL(ssoUrl).pathname;
    return this.request("POST", path, { headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });
  }

  async request(method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
    const url = new URL(path, this.#url);
    const sent = `${method} ${url.pathname}${init.body ? ` ${excerpt(init.body)}` : ""}`;
    let response: Response;
    try {
      response = await fetch(url, { method, redirect: "manual", signal: AbortSignal.timeout(30_000), ...init });
    } catch (error) {
      this.#exchanges.push(`${sent}\n    -> no answer: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    this.#exchanges.push(`${sent}\n    -> ${response.status} ${excerpt(text)}`);
    return { status: response.status, headers: response.headers, text, json };
  }
}
