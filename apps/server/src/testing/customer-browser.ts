import type { FastifyInstance } from "fastify";
import { signedSsoForm } from "@addon-kit/contracts";
import { clientAddress } from "@addon-kit/testing/factories";
import type { AppConfig } from "../config/load-config.ts";
import { provisionThroughApi } from "./test-app.ts";

/**
 * Plays a customer's browser against `app.inject`: keeps cookies by path as a browser does,
 * and signs in through SSO forms signed like Heroku's. Each browser has an address of its own,
 * so test files sharing one database do not share a rate-limit count (inject's default is
 * 127.0.0.1 for every test, and a real browser in another file connects from there too).
 */
export class CustomerBrowser {
  readonly #cookies = new Map<string, { value: string; path: string }>();
  readonly app: FastifyInstance;
  readonly config: AppConfig;
  readonly address = clientAddress();

  constructor(app: FastifyInstance, config: AppConfig) {
    this.app = app;
    this.config = config;
  }

  provision(overrides: Record<string, unknown> = {}) {
    return provisionThroughApi(this.app, this.config, overrides);
  }

  /** The form Heroku would post for user-1 (ada@example.com), signed at `now`. */
  ssoForm(herokuUuid: string, overrides: Record<string, string> = {}, now = new Date()) {
    const form = signedSsoForm({ resourceId: herokuUuid, salt: this.config.sso.salt, userId: "user-1", email: "ada@example.com", now });
    return { ...form, ...overrides };
  }

  async postSso(form: Record<string, string>) {
    return this.request("POST", "/sso/login", new URLSearchParams(form).toString(), "application/x-www-form-urlencoded");
  }

  async request(method: "GET" | "POST", url: string, payload?: string, contentType?: string) {
    const path = url.split("?")[0] ?? url;
    const cookies = Object.fromEntries(
      [...this.#cookies].filter(([key]) => path.startsWith(key.split("|")[1] ?? "/")).map(([key, cookie]) => [key.split("|")[0], cookie.value]),
    );
    const response = await this.app.inject({
      method,
      url,
      headers: { accept: "text/html", ...(contentType ? { "content-type": contentType } : {}) },
      cookies,
      remoteAddress: this.address,
      ...(payload !== undefined ? { payload } : {}),
    });
    for (const cookie of response.cookies as { name: string; value: string; path?: string; expires?: Date }[]) {
      const key = `${cookie.name}|${cookie.path ?? "/"}`;
      if (cookie.value === "" || (cookie.expires && cookie.expires.getTime() < Date.now())) this.#cookies.delete(key);
      else this.#cookies.set(key, { value: cookie.value, path: cookie.path ?? "/" });
    }
    return response;
  }

  /** Submits a form of the page at `pageUrl` the way its button would, CSRF token included. */
  async submit(pageUrl: string, action: string) {
    const page = await this.request("GET", pageUrl);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
    return this.request("POST", action, new URLSearchParams({ _csrf: token }).toString(), "application/x-www-form-urlencoded");
  }

  cookie(name: string, path: string): string | undefined {
    return this.#cookies.get(`${name}|${path}`)?.value;
  }
}
