import { randomBytes, randomUUID } from "node:crypto";

export interface RecordedCall {
  method: string;
  path: string;
  at: string;
  body?: unknown;
  /** The add-on the call was about, when the fake could tell. */
  addonId?: string;
  accept?: string | undefined;
  userAgent?: string | undefined;
  /** The status the fake answered with. */
  status?: number;
}

export interface FakeAddon {
  id: string;
  name: string;
  app: { id: string; name: string };
  state: "provisioning" | "provisioned" | "deprovisioned";
  grantCode: string;
  config: Record<string, string>;
  attachments: { id: string; name: string; app: { id: string; name: string } }[];
  webhooks: { id: string; url: string; authorization: string; secret: string; include: string[] }[];
  logLines: string[];
}

/**
 * Everything the fake Heroku knows: add-ons with their grants, tokens, config, attachments and
 * webhook subscriptions, every call it was sent, and the outage it is asked to play.
 */
export class FakeHerokuState {
  readonly calls: RecordedCall[] = [];
  readonly addons = new Map<string, FakeAddon>();
  readonly accessTokens = new Map<string, string>();
  readonly refreshTokens = new Map<string, string>();
  readonly usedGrants = new Set<string>();
  /** SSO forms waiting to be opened in a browser, by id. */
  readonly ssoForms = new Map<string, { action: string; fields: Record<string, string> }>();
  readonly clientSecret: string;
  /**
   * Answer the next `remaining` calls (those whose path contains `path`, if set) with `status`,
   * or every such call until `until` (epoch milliseconds).
   */
  outage: { remaining: number; status: number; path?: string; until?: number } = { remaining: 0, status: 503 };

  /** Whether this call falls in the outage; counts it against the outage's calls. */
  inOutage(url: string): boolean {
    const { outage } = this;
    if (outage.path && !url.includes(outage.path)) return false;
    if (outage.until !== undefined && Date.now() < outage.until) return true;
    if (outage.remaining <= 0) return false;
    outage.remaining--;
    return true;
  }

  /** How long each answer takes to arrive once the fake has acted on the call, as over a slow link to Heroku. */
  latencyMs = 0;

  constructor(clientSecret: string) {
    this.clientSecret = clientSecret;
  }

  /** What Heroku does before it calls the add-on: creates the add-on and an OAuth grant for it. */
  createAddon(input: { id?: string; name?: string; appName?: string } = {}): FakeAddon {
    const id = input.id ?? randomUUID();
    const appName = input.appName ?? `app-${id.slice(0, 8)}`;
    const addon: FakeAddon = {
      id,
      name: input.name ?? `addon-${id.slice(0, 8)}`,
      app: { id: randomUUID(), name: appName },
      state: "provisioning",
      grantCode: randomUUID(),
      config: {},
      attachments: [],
      webhooks: [],
      logLines: [],
    };
    addon.attachments.push({ id: randomUUID(), name: "EXAMPLE", app: addon.app });
    this.addons.set(id, addon);
    return addon;
  }

  issueTokens(addonId: string) {
    const accessToken = `fake-access-${randomBytes(12).toString("hex")}`;
    const refreshToken = `fake-refresh-${randomBytes(12).toString("hex")}`;
    this.accessTokens.set(accessToken, addonId);
    this.refreshTokens.set(refreshToken, addonId);
    return { access_token: accessToken, refresh_token: refreshToken, expires_in: 28800, token_type: "Bearer" };
  }

  /** The calls about one add-on that succeeded, in order, as `METHOD /path`. */
  callLog(addonId: string): string[] {
    return this.calls.filter((call) => call.addonId === addonId && call.status !== undefined && call.status < 300).map((call) => `${call.method} ${call.path}`);
  }
}
