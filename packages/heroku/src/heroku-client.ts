import {
  type AddonAttachment,
  type AddonInfo,
  addonInfoSchema,
  type OauthTokenResponse,
  type WebhookSubscriptionRequest,
  addonAttachmentListSchema,
  oauthTokenResponseSchema,
  webhookSubscriptionSchema,
} from "@addon-kit/contracts";
import type { z } from "zod";
import { HerokuApiError } from "./heroku-api-error.ts";
import { type RetryPolicy, defaultRetryPolicy, retryingFetch } from "./retrying-fetch.ts";

export interface HerokuClientOptions {
  apiUrl: string;
  idUrl: string;
  oauthClientSecret: string | undefined;
  userAgent: string;
  retry?: RetryPolicy;
}

/** Heroku's OAuth token endpoint and the Platform API calls a partner makes for one add-on. */
export class HerokuClient {
  readonly #options: HerokuClientOptions;

  constructor(options: HerokuClientOptions) {
    this.#options = options;
  }

  /** Exchanges a provision's `oauth_grant.code` (valid about 5 minutes) for tokens. */
  exchangeGrant(code: string): Promise<OauthTokenResponse> {
    return this.#token({ grant_type: "authorization_code", code });
  }

  /** A new access token (valid about 8 hours) from the refresh token. */
  refreshToken(refreshToken: string): Promise<OauthTokenResponse> {
    return this.#token({ grant_type: "refresh_token", refresh_token: refreshToken });
  }

  /** Sets config vars on every app the add-on is attached to; a null value removes one. */
  async updateConfig(addonId: string, accessToken: string, config: Record<string, string | null>): Promise<void> {
    const body = { config: Object.entries(config).map(([name, value]) => ({ name, value })) };
    await this.#platform("PATCH", `/addons/${addonId}/config`, accessToken, body);
  }

  async addon(addonId: string, accessToken: string): Promise<AddonInfo> {
    return this.#parse(addonInfoSchema, await this.#platform("GET", `/addons/${addonId}`, accessToken), "get add-on");
  }

  /** Tells Heroku an asynchronous provision has finished. */
  async markProvisioned(addonId: string, accessToken: string): Promise<void> {
    await this.#platform("POST", `/addons/${addonId}/actions/provision`, accessToken);
  }

  /** Tells Heroku an asynchronous deprovision has finished. */
  async markDeprovisioned(addonId: string, accessToken: string): Promise<void> {
    await this.#platform("POST", `/addons/${addonId}/actions/deprovision`, accessToken);
  }

  async listAttachments(addonId: string, accessToken: string): Promise<AddonAttachment[]> {
    return this.#parse(addonAttachmentListSchema, await this.#platform("GET", `/addons/${addonId}/addon-attachments`, accessToken), "list attachments");
  }

  async createWebhook(addonId: string, accessToken: string, request: WebhookSubscriptionRequest): Promise<{ id: string }> {
    return this.#parse(webhookSubscriptionSchema, await this.#platform("POST", `/addons/${addonId}/webhooks`, accessToken, request), "create webhook");
  }

  async #token(params: Record<string, string>): Promise<OauthTokenResponse> {
    if (!this.#options.oauthClientSecret) throw new Error("HEROKU_OAUTH_CLIENT_SECRET is not set: cannot talk to Heroku's OAuth endpoint");
    const response = await retryingFetch(
      new URL("/oauth/token", this.#options.idUrl).toString(),
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": this.#options.userAgent },
        body: new URLSearchParams({ ...params, client_secret: this.#options.oauthClientSecret }),
      },
      this.#options.retry ?? defaultRetryPolicy,
    );
    return this.#parse(oauthTokenResponseSchema, await this.#json(response, `token ${params.grant_type}`), "token");
  }

  async #platform(method: string, path: string, accessToken: string, body?: unknown): Promise<unknown> {
    const response = await retryingFetch(
      new URL(path, this.#options.apiUrl).toString(),
      {
        method,
        headers: {
          accept: "application/vnd.heroku+json; version=3",
          authorization: `Bearer ${accessToken}`,
          "user-agent": this.#options.userAgent,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      },
      this.#options.retry ?? defaultRetryPolicy,
    );
    return this.#json(response, `${method} ${path}`);
  }

  async #json(response: Response, what: string): Promise<unknown> {
    const text = await response.text();
    if (!response.ok) throw new HerokuApiError(response.status, what, text);
    return text ? JSON.parse(text) : undefined;
  }

  #parse<Schema extends z.ZodType>(schema: Schema, value: unknown, what: string): z.output<Schema> {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new Error(`Heroku's answer to ${what} was not as expected: ${parsed.error.message}`);
    return parsed.data;
  }
}
