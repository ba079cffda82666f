import type { AddonAttachment, OauthTokenResponse, WebhookSubscriptionRequest } from "@addon-kit/contracts";

/** What the domain asks of Heroku; `@addon-kit/heroku`'s client provides it. */
export interface HerokuPort {
  exchangeGrant(code: string): Promise<OauthTokenResponse>;
  refreshToken(refreshToken: string): Promise<OauthTokenResponse>;
  updateConfig(addonId: string, accessToken: string, config: Record<string, string | null>): Promise<void>;
  markProvisioned(addonId: string, accessToken: string): Promise<void>;
  listAttachments(addonId: string, accessToken: string): Promise<AddonAttachment[]>;
  createWebhook(addonId: string, accessToken: string, request: WebhookSubscriptionRequest): Promise<{ id: string }>;
}

/** Writes lines to an app's log stream. */
export type AppLogWriter = (logInputUrl: string, messages: readonly string[]) => Promise<void>;
