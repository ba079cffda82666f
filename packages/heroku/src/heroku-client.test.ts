import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HerokuApiError } from "./heroku-api-error.ts";
import { HerokuClient } from "./heroku-client.ts";
import { buildFakeHeroku } from "./fake/fake-heroku-server.ts";
import type { FakeHerokuState } from "./fake/fake-heroku-state.ts";

let fake: Awaited<ReturnType<typeof buildFakeHeroku>>;
let state: FakeHerokuState;
let url: string;
beforeAll(async () => {
  fake = await buildFakeHeroku({ clientSecret: "client-secret" });
  await fake.app.listen({ port: 0, host: "127.0.0.1" });
  url = `http://127.0.0.1:${(fake.app.server.address() as { port: number }).port}`;
  state = fake.state;
});
afterAll(() => fake.app.close());

const client = ({ oauthClientSecret }: { oauthClientSecret?: string } = { oauthClientSecret: "client-secret" }) =>
  new HerokuClient({ apiUrl: url, idUrl: url, oauthClientSecret, userAgent: "addon-kit-test", retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 50 } });

describe("HerokuClient", () => {
  it("exchanges a grant once, refreshes, and calls the Platform API with the access token", async () => {
    const addon = state.createAddon({ appName: "my-app" });
    const tokens = await client().exchangeGrant(addon.grantCode);
    expect(tokens).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String), expires_in: 28800 });
    await expect(client().exchangeGrant(addon.grantCode)).rejects.toThrow(HerokuApiError);

    const refreshed = await client().refreshToken(tokens.refresh_token!);
    await client().updateConfig(addon.id, refreshed.access_token, { EXAMPLE_URL: "https://example.com", GONE: null });
    expect(addon.config).toEqual({ EXAMPLE_URL: "https://example.com" });
    await client().markProvisioned(addon.id, refreshed.access_token);
    expect(addon.state).toBe("provisioned");
    expect(await client().listAttachments(addon.id, refreshed.access_token)).toEqual([
      expect.objectContaining({ name: "EXAMPLE", app: expect.objectContaining({ name: "my-app" }) }),
    ]);
    const webhook = await client().createWebhook(addon.id, refreshed.access_token, {
      url: "https://example.com/hook",
      include: ["api:addon-attachment"],
      level: "sync",
      authorization: "Bearer x",
      secret: "s",
    });
    expect(addon.webhooks).toEqual([expect.objectContaining({ id: webhook.id, url: "https://example.com/hook" })]);
    await client().markDeprovisioned(addon.id, refreshed.access_token);
    expect(addon.state).toBe("deprovisioned");
  });

  it("reads the add-on with Heroku's Accept header and its own User-Agent", async () => {
    const addon = state.createAddon({ name: "acme-metrics" });
    const { access_token } = await client().exchangeGrant(addon.grantCode);
    expect(await client().addon(addon.id, access_token)).toMatchObject({ id: addon.id, name: "acme-metrics", state: "provisioning" });
    expect(state.calls.at(-1)).toMatchObject({ accept: "application/vnd.heroku+json; version=3", userAgent: "addon-kit-test" });
  });

  it("retries 429 and 5xx answers with backoff, and gives up with the last answer after its attempts", async () => {
    const addon = state.createAddon();
    const { access_token } = await client().exchangeGrant(addon.grantCode);
    state.outage = { remaining: 2, status: 503 };
    await client().markProvisioned(addon.id, access_token);
    expect(addon.state).toBe("provisioned");

    state.outage = { remaining: 3, status: 429 };
    const calls = state.calls.length;
    const failure = await client()
      .markProvisioned(addon.id, access_token)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HerokuApiError);
    expect(failure).toMatchObject({ status: 429 });
    // Each of the client's three attempts reached Heroku, and no more.
    expect(state.calls.length - calls).toBe(3);
  });

  it("does not retry a client error", async () => {
    const addon = state.createAddon();
    const calls = state.calls.length;
    await expect(client().markProvisioned(addon.id, "not-a-token")).rejects.toMatchObject({ status: 403 });
    expect(state.calls.length).toBe(calls + 1);
  });

  it("refuses to talk to the OAuth endpoint without a client secret, naming the setting", async () => {
    await expect(client({}).exchangeGrant("code")).rejects.toThrow("HEROKU_OAUTH_CLIENT_SECRET is not set");
    await expect(client({ oauthClientSecret: "wrong" }).exchangeGrant("code")).rejects.toMatchObject({ status: 401 });
  });
});
