import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repositoryRoot } from "@addon-kit/testing/repository";
import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.ts";
import { loadConfig } from "./load-config.ts";
import { temporaryDirectory } from "@addon-kit/testing/temporary-directory";

// Tests edit the manifest into shapes no type allows, which is the point of them.
type EditableManifest = any;
const exampleManifest = (): EditableManifest => JSON.parse(readFileSync(join(repositoryRoot, "addon-manifest.json"), "utf8"));
const productionSecrets = {
  NODE_ENV: "production",
  SESSION_SECRET: "s".repeat(40),
  ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  HEROKU_OAUTH_CLIENT_SECRET: "oauth-client-secret",
  ADDON_PASSWORD: "a-real-password-nobody-has-seen",
  ADDON_SSO_SALT: "a-real-salt-nobody-has-seen",
};

function scratchDir() {
  return temporaryDirectory("config");
}

/** Loads the configuration with the example files, or with a manifest changed by `edit`. */
function load(env: Record<string, string | undefined>, edit?: (manifest: EditableManifest) => void) {
  const dir = scratchDir();
  const vars: Record<string, string | undefined> = { DATA_DIR: join(dir, "data"), ...env };
  if (edit) {
    const manifest = exampleManifest();
    edit(manifest);
    writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
    vars.ADDON_MANIFEST = join(dir, "manifest.json");
  }
  return loadConfig(vars, repositoryRoot);
}

function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("serves on port 3000 from embedded PGlite under DATA_DIR, talking to the real Heroku, by default", () => {
    const config = load({});
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: "pglite", dataDir: expect.stringMatching(/data\/pglite$/) });
    expect(config.heroku.apiUrl).toBe("https://api.heroku.com");
    expect(config.heroku.idUrl).toBe("https://id.heroku.com");
    expect(config.plans.map((plan) => plan.slug)).toEqual(["test", "basic", "premium"]);
    expect(config.productUrl).toBe("https://example-metrics.example.com");
    expect(config.publicUrl).toBe("https://example-metrics.example.com");
    expect(config.jobs).toEqual({ inProcess: true, pollSeconds: 1, concurrency: 4 });
  });

  it("works jobs in a separate worker only on PostgreSQL, where another process can reach them", () => {
    expect(load({ JOBS_IN_PROCESS: "false", DATABASE_URL: "postgres://u@db.example:5432/addons" }).jobs.inProcess).toBe(false);
    expect(failure(() => load({ JOBS_IN_PROCESS: "false" }))).toBe(
      "JOBS_IN_PROCESS=false needs DATABASE_URL: the embedded database belongs to one process, so only the server can work its jobs",
    );
    expect(failure(() => load({ JOBS_IN_PROCESS: "maybe" }))).toContain("JOBS_IN_PROCESS");
    expect(failure(() => load({ JOBS_POLL_SECONDS: "0.1" }))).toContain("JOBS_POLL_SECONDS");
  });

  it("uses PostgreSQL when DATABASE_URL is set, and refuses a URL that is not postgres://", () => {
    expect(load({ DATABASE_URL: "postgres://u@db.example:5432/addons" }).database).toEqual({
      kind: "postgresql",
      url: "postgres://u@db.example:5432/addons",
      ssl: "off",
      poolMax: 10,
    });
    expect(failure(() => load({ DATABASE_URL: "mysql://db/x" }))).toContain("DATABASE_URL: must be a postgres:// URL");
  });

  it("talks TLS to PostgreSQL on a Heroku dyno, where Heroku Postgres requires it, and as DATABASE_SSL says", () => {
    const url = "postgres://u@db.example:5432/addons";
    expect(load({ DATABASE_URL: url, DYNO: "web.1" }).database).toMatchObject({ ssl: "no-verify" });
    expect(load({ DATABASE_URL: url, DYNO: "web.1", DATABASE_SSL: "verify" }).database).toMatchObject({ ssl: "verify" });
    expect(failure(() => load({ DATABASE_URL: url, DATABASE_SSL: "maybe" }))).toContain("DATABASE_SSL");
  });

  it("generates development secrets once and keeps them for the next start", () => {
    const dataDir = join(scratchDir(), "data");
    const first = load({ DATA_DIR: dataDir });
    const second = load({ DATA_DIR: dataDir });
    expect(second.sessionSecret).toBe(first.sessionSecret);
    expect(second.encryptionKey.equals(first.encryptionKey)).toBe(true);
    expect(first.encryptionKey).toHaveLength(32);
    expect(statSync(join(dataDir, "secrets.json")).mode & 0o777).toBe(0o600);
  });

  it("starts in production when every secret is set", () => {
    const config = load(productionSecrets);
    expect(config.manifest.api.password).toBe("a-real-password-nobody-has-seen");
    expect(config.manifest.api.sso_salt).toBe("a-real-salt-nobody-has-seen");
  });

  it.each(["SESSION_SECRET", "ENCRYPTION_KEY", "HEROKU_OAUTH_CLIENT_SECRET"])("refuses to start in production without %s, naming it", (name) => {
    expect(failure(() => load({ ...productionSecrets, [name]: undefined }))).toBe(`${name} is required when NODE_ENV=production`);
  });

  it("refuses in production the example password and salt committed in the manifest", () => {
    expect(failure(() => load({ ...productionSecrets, ADDON_PASSWORD: undefined }))).toContain("set ADDON_PASSWORD");
    expect(failure(() => load({ ...productionSecrets, ADDON_SSO_SALT: undefined }))).toContain("set ADDON_SSO_SALT");
  });

  it("refuses an encryption key that is not 32 bytes", () => {
    expect(failure(() => load({ ENCRYPTION_KEY: "c2hvcnQ=" }))).toContain("ENCRYPTION_KEY: must be 32 bytes");
    expect(failure(() => load({ ENCRYPTION_KEY: "ab".repeat(31) }))).toContain("ENCRYPTION_KEY: must be 32 bytes");
  });

  it("derives the encryption key from a hex secret such as Heroku generates, the same every time", () => {
    const secret = "9f".repeat(32);
    const key = load({ ENCRYPTION_KEY: secret }).encryptionKey;
    expect(key).toHaveLength(32);
    expect(key.equals(load({ ENCRYPTION_KEY: secret }).encryptionKey)).toBe(true);
    expect(key.equals(Buffer.from(secret, "hex"))).toBe(false);
    const base64 = Buffer.alloc(32, 9).toString("base64");
    expect(load({ ENCRYPTION_KEY: base64 }).encryptionKey.equals(Buffer.alloc(32, 9))).toBe(true);
  });

  it("believes no proxy by default, and Heroku's one router on a dyno", () => {
    expect(load({}).trustProxyHops).toBe(0);
    expect(load({ DYNO: "web.1" }).trustProxyHops).toBe(1);
    expect(load({ DYNO: "web.1", TRUST_PROXY_HOPS: "2" }).trustProxyHops).toBe(2);
  });

  it.each([
    ["a short password", (m: EditableManifest) => (m.api.password = "short"), "api.password: must be 8 to 72 characters"],
    ["an http base_url", (m: EditableManifest) => (m.api.production.base_url = "http://x.example/heroku"), "api.production.base_url: must be an https:// URL"],
    ["no regions", (m: EditableManifest) => (m.api.regions = []), "api.regions: must name at least one region"],
    [
      "a config var without the prefix",
      (m: EditableManifest) => (m.api.config_vars = ["OTHER_URL"]),
      "api.config_vars.0: OTHER_URL must start with the prefix EXAMPLE_METRICS_",
    ],
    [
      "a lower-case config var",
      (m: EditableManifest) => (m.api.config_vars = ["EXAMPLE_METRICS_url"]),
      "api.config_vars.0: config var names must be upper case",
    ],
    ["version 1", (m: EditableManifest) => (m.api.version = "1"), 'api.version: must be "3"'],
    ["an unknown requirement", (m: EditableManifest) => (m.api.requires = ["teleport"]), "api.requires.0"],
    ["the deprecated username", (m: EditableManifest) => (m.api.username = "x"), "api.username: is deprecated"],
    ["an upper-case id", (m: EditableManifest) => (m.id = "Example"), "id: must be lower case"],
  ])("stops on a manifest with %s, naming the field", (_name, edit, expected) => {
    const message = failure(() => load({}, edit));
    expect(message).toContain("ADDON_MANIFEST");
    expect(message).toContain(expected);
  });

  it("stops on a missing or unreadable manifest file", () => {
    expect(failure(() => load({ ADDON_MANIFEST: "/nonexistent/manifest.json" }))).toContain("ADDON_MANIFEST: cannot read");
    const dir = scratchDir();
    writeFileSync(join(dir, "broken.json"), "{");
    expect(failure(() => load({ ADDON_MANIFEST: join(dir, "broken.json") }))).toContain("is not valid JSON");
  });

  it("stops on an ADDON_PASSWORD Heroku would not accept", () => {
    expect(failure(() => load({ ADDON_PASSWORD: "short" }))).toContain("api.password: must be 8 to 72 characters");
  });

  it("stops on a plan catalog with a duplicate slug", () => {
    const dir = scratchDir();
    const plan = { slug: "a", name: "A", monthlyPriceCents: 0, limits: {}, provisioning: "sync" };
    writeFileSync(join(dir, "plans.json"), JSON.stringify({ plans: [plan, plan] }));
    expect(failure(() => load({ PLAN_CATALOG: join(dir, "plans.json") }))).toContain("plans.1.slug: duplicate plan slug a");
  });

  describe("connecting the vendor's product", () => {
    const secret = `whsec_${Buffer.alloc(32, 9).toString("base64")}`;
    const product = { PROVISIONER: "http", PRODUCT_API_URL: "http://localhost:4000/addon-kit", PRODUCT_SIGNING_SECRET: secret };

    it("has no product connection by default", () => {
      expect(load({}).product).toBeUndefined();
    });

    it("reads the product's URLs, its signing secrets (several while rotating) and its time limits", () => {
      const next = `whsec_${Buffer.alloc(24, 3).toString("base64")}`;
      const config = load({
        ...product,
        PRODUCT_EVENTS_URL: "http://localhost:4000/events",
        PRODUCT_SIGNING_SECRET: ` ${secret}  ${next} `,
        PRODUCT_PROVISION_WAIT_SECONDS: "1.5",
      });
      expect(config.provisioner).toBe("http");
      expect(config.product).toEqual({
        apiUrl: "http://localhost:4000/addon-kit",
        eventsUrl: "http://localhost:4000/events",
        signingSecrets: [secret, next],
        timeoutMs: 10_000,
        provisionWaitMs: 1_500,
      });
    });

    it("delivers events for the built-in provisioner too, when only an events URL is set", () => {
      expect(load({ PRODUCT_EVENTS_URL: "https://product.example/events", PRODUCT_SIGNING_SECRET: secret }).product?.eventsUrl).toBe(
        "https://product.example/events",
      );
    });

    it.each([
      ["PROVISIONER=http without PRODUCT_API_URL", { PROVISIONER: "http" }, "PROVISIONER=http needs PRODUCT_API_URL"],
      ["a product URL without a signing secret", { PRODUCT_EVENTS_URL: "https://product.example/events" }, "need PRODUCT_SIGNING_SECRET"],
      [
        "a secret not in Standard Webhooks' format",
        { ...product, PRODUCT_SIGNING_SECRET: "hunter2hunter2hunter2hunter2" },
        "PRODUCT_SIGNING_SECRET.0: must be whsec_",
      ],
      ["a key too short for HMAC-SHA256", { ...product, PRODUCT_SIGNING_SECRET: `whsec_${Buffer.alloc(8).toString("base64")}` }, "24 to 64 bytes"],
      [
        "plain http to the product in production",
        { ...productionSecrets, ...product, PRODUCT_API_URL: "http://product.internal/addon-kit" },
        "PRODUCT_API_URL must be an https URL",
      ],
      ["a wait longer than Heroku gives", { ...product, PRODUCT_PROVISION_WAIT_SECONDS: "30" }, "PRODUCT_PROVISION_WAIT_SECONDS"],
    ])("stops on %s, naming the setting", (_name, env, expected) => {
      expect(failure(() => load(env))).toContain(expected);
    });
  });

  describe("selling a database per resource", () => {
    const cluster = {
      PROVISIONER: "postgres-database",
      TENANT_DATABASE_URL: "postgres://addon_kit_admin@db.internal:5432/postgres",
      PLAN_CATALOG: "packages/postgres-database/plans.json",
    };

    it("gives out URLs at the cluster's own address by default, or at the public one with its parameters", () => {
      expect(load(cluster).tenantDatabases).toEqual({
        adminUrl: cluster.TENANT_DATABASE_URL,
        publicUrl: new URL("postgres://db.internal:5432"),
        ssl: "off",
        retentionMs: 72 * 3_600_000,
        storageGraceMs: 60 * 60_000,
        provisionWaitMs: 2_500,
      });
      const configured = load({
        ...cluster,
        TENANT_DATABASE_PUBLIC_URL: "postgres://db.example.com:6432?sslmode=require",
        TENANT_DATABASE_RETENTION_HOURS: "0",
        TENANT_STORAGE_GRACE_MINUTES: "5",
      }).tenantDatabases;
      expect(configured).toMatchObject({ retentionMs: 0, storageGraceMs: 300_000 });
      expect(configured?.publicUrl.toString()).toBe("postgres://db.example.com:6432?sslmode=require");
      expect(load({}).tenantDatabases).toBeUndefined();
    });

    it.each([
      ["no cluster", { ...cluster, TENANT_DATABASE_URL: undefined }, "PROVISIONER=postgres-database needs TENANT_DATABASE_URL"],
      ["plans without a database's limits", { ...cluster, PLAN_CATALOG: "plans.json" }, "PLAN_CATALOG: plan test needs limits for a database"],
      ["a cluster URL that is not postgres://", { ...cluster, TENANT_DATABASE_URL: "mysql://db.internal/x" }, "TENANT_DATABASE_URL: must be a postgres:// URL"],
    ])("stops on %s, naming the setting", (_name, env, expected) => {
      expect(failure(() => load(env))).toContain(expected);
    });

    it("stops on a manifest that does not declare the database's config var", () => {
      const undeclared = (manifest: EditableManifest) => (manifest.api.config_vars = ["EXAMPLE_METRICS_API_KEY"]);
      expect(failure(() => load(cluster, undeclared))).toContain("api.config_vars must declare EXAMPLE_METRICS_URL");
    });
  });

  describe("signing customers into the product", () => {
    const oidc = {
      OIDC_CLIENT_ID: "product",
      OIDC_REDIRECT_URIS: "http://localhost:4000/login/callback http://localhost:4000/other",
      OIDC_LOGIN_URL: "http://localhost:4000/login",
    };

    it("keeps the built-in dashboard without OIDC_CLIENT_ID", () => {
      expect(load({}).oidc).toBeUndefined();
    });

    it("reads the product's client, its redirect URIs and login URL; the issuer is the public URL's /oidc", () => {
      expect(load({ ...oidc, PUBLIC_URL: "https://addons.example.com" }).oidc).toEqual({
        issuer: "https://addons.example.com/oidc",
        clientId: "product",
        clientSecret: undefined,
        redirectUris: ["http://localhost:4000/login/callback", "http://localhost:4000/other"],
        loginUrl: "http://localhost:4000/login",
        targetLinkUrl: "http://localhost:4000/",
        idTokenTtlSeconds: 600,
        keyRotationMs: 30 * 86_400_000,
      });
    });

    it.each([
      ["a client without redirect URIs", { OIDC_CLIENT_ID: "product", OIDC_LOGIN_URL: "https://p.example/login" }, "OIDC_CLIENT_ID needs OIDC_REDIRECT_URIS"],
      ["a client without a login URL", { OIDC_CLIENT_ID: "product", OIDC_REDIRECT_URIS: "https://p.example/cb" }, "OIDC_CLIENT_ID needs OIDC_LOGIN_URL"],
      ["a short client secret", { ...oidc, OIDC_CLIENT_SECRET: "short" }, "OIDC_CLIENT_SECRET: must be at least 32 characters"],
      ["a redirect URI that is not a URL", { ...oidc, OIDC_REDIRECT_URIS: "not-a-url" }, "OIDC_REDIRECT_URIS"],
      ["plain http to the product in production", { ...productionSecrets, ...oidc }, "OIDC_REDIRECT_URIS must be https URLs"],
    ])("stops on %s, naming the setting", (_name, env, expected) => {
      expect(failure(() => load(env))).toContain(expected);
    });
  });
});
