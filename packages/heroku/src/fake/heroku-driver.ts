import { type AddonManifest, type HerokuManifest, signedSsoForm } from "@addon-kit/contracts";
import { logInputCredentials } from "./fake-heroku-server.ts";
import type { FakeAddon, FakeHerokuState, RecordedCall } from "./fake-heroku-state.ts";

export interface HerokuDriverOptions {
  /** Where the add-on runs, e.g. http://localhost:3000; paths come from the manifest. */
  addonUrl: string;
  /** Where the fake Heroku runs. */
  fakeUrl: string;
  /** The manifest, with the password and salt the add-on actually uses. */
  manifest: AddonManifest;
}

export interface CallResult {
  status: number;
  body: unknown;
}

export interface ProvisionInput {
  plan: string;
  region?: string;
  name?: string;
  appName?: string;
  options?: Record<string, string>;
}

/** Heroku's provision request for an add-on the fake knows: its uuid, grant, callback and log input URLs. */
function provisionBody(addon: FakeAddon, fakeUrl: string, manifest: Pick<HerokuManifest, "api">, input: ProvisionInput) {
  const fake = new URL(fakeUrl);
  const logInput = new URL(`/log-input/${addon.id}`, fake);
  const credentials = logInputCredentials(addon.id);
  logInput.username = credentials.username;
  logInput.password = credentials.password;
  return {
    uuid: addon.id,
    name: addon.name,
    plan: input.plan,
    region: input.region ?? "amazon-web-services::us-east-1",
    callback_url: new URL(`/addons/${addon.id}`, fake).toString(),
    oauth_grant: { code: addon.grantCode, expires_at: new Date(Date.now() + 300_000).toISOString(), type: "authorization_code" },
    options: input.options ?? {},
    ...(manifest.api.requires.includes("log_input") ? { log_input_url: logInput.toString() } : {}),
  };
}

/** What Heroku does to provision, in the fake's own process: creates the add-on and its grant, and the request it sends. */
export function provisionRequestFor(state: FakeHerokuState, fakeUrl: string, manifest: Pick<HerokuManifest, "api">, input: ProvisionInput) {
  const addon = state.createAddon(input);
  return { addon, request: provisionBody(addon, fakeUrl, manifest, input) };
}

/**
 * Plays Heroku's side against a running add-on, through the fake Heroku: provisions (creating
 * the add-on and its grant in the fake first), plan changes, deprovisions, SSO, attachments.
 */
export class HerokuDriver {
  readonly #options: HerokuDriverOptions;

  constructor(options: HerokuDriverOptions) {
    this.#options = options;
  }

  async provision(input: ProvisionInput) {
    const addon = await this.#fake<FakeAddon>("POST", "/_fake/addons", { name: input.name, appName: input.appName });
    const request = provisionBody(addon, this.#options.fakeUrl, this.#options.manifest, input);
    const result = await this.#partner("POST", "", request);
    const { config } = (result.body ?? {}) as { config?: Record<string, string> };
    if (result.status === 200 && config) await this.#fake("POST", `/_fake/addons/${addon.id}/provisioned`, { config });
    return { uuid: addon.id, request, ...result };
  }

  /** Sends a provision request again, as Heroku does when it did not get (or did not wait for) the answer. */
  repeatProvision(request: Record<string, unknown>): Promise<CallResult> {
    return this.#partner("POST", "", request);
  }

  changePlan(uuid: string, plan: string): Promise<CallResult> {
    return this.#partner("PUT", `/${uuid}`, { plan, uuid });
  }

  deprovision(uuid: string): Promise<CallResult> {
    return this.#partner("DELETE", `/${uuid}`);
  }

  /**
   * A page on the fake Heroku that posts a freshly signed SSO form to the add-on, as the
   * Heroku Dashboard does: open it in a browser to land on the resource's dashboard, or in the
   * product (once). `link` stands for an add-on link's extra query parameters (`?issue_no=42`),
   * which Heroku forwards in the form.
   */
  async ssoUrl(uuid: string, user: { id: string; email: string }, link: Record<string, string> = {}): Promise<string> {
    const fields = { ...link, ...signedSsoForm({ resourceId: uuid, salt: this.#options.manifest.api.sso_salt, userId: user.id, email: user.email }) };
    const action = new URL(new URL(this.#options.manifest.api.production.sso_url).pathname, this.#options.addonUrl).toString();
    const { id } = await this.#fake<{ id: string }>("POST", "/_fake/sso-forms", { action, fields });
    return new URL(`/_fake/sso-forms/${id}`, this.#options.fakeUrl).toString();
  }

  attach(uuid: string, input: { appName: string; name: string }) {
    return this.#fake<{ attachment: { id: string }; deliveries: { status: number }[] }>("POST", `/_fake/addons/${uuid}/attachments`, input);
  }

  detach(uuid: string, attachmentId: string) {
    return this.#fake<{ deliveries: { status: number }[] }>("DELETE", `/_fake/addons/${uuid}/attachments/${attachmentId}`);
  }

  /** Makes the fake answer the next `calls` calls, or every call for `seconds` (whose path contains `path`, if given), with `status`. */
  outage(input: { calls?: number; seconds?: number; status?: number; path?: string }) {
    return this.#fake("POST", "/_fake/outage", input);
  }

  /** Makes every answer of the fake arrive `ms` after it acted on the call. */
  latency(ms: number) {
    return this.#fake("POST", "/_fake/latency", { ms });
  }

  addon(uuid: string): Promise<FakeAddon> {
    return this.#fake<FakeAddon>("GET", `/_fake/addons/${uuid}`);
  }

  /** Every call the fake received, oldest first. */
  calls(): Promise<RecordedCall[]> {
    return this.#fake<RecordedCall[]>("GET", "/_fake/calls");
  }

  async #partner(method: string, suffix: string, body?: unknown): Promise<CallResult> {
    const { manifest, addonUrl } = this.#options;
    const url = new URL(new URL(manifest.api.production.base_url).pathname + suffix, addonUrl);
    const response = await fetch(url, {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(`${manifest.id}:${manifest.api.password}`).toString("base64")}`,
        accept: "application/vnd.heroku-addons+json; version=3",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async #fake<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(new URL(path, this.#options.fakeUrl), {
      method,
      ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`fake Heroku answered ${response.status} to ${method} ${path}`);
    return (await response.json()) as T;
  }
}
