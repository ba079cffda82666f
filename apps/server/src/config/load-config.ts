import { hkdfSync } from "node:crypto";
import { resolve } from "node:path";
import { type AddonManifest, type CatalogPlan, addonManifestSchema, defaultConfigVarsPrefix, describeIssues, planCatalogSchema } from "@addon-kit/contracts";
import type { SessionPolicy, SsoPolicy } from "@addon-kit/domain";
import type { DatabaseSsl, DatabaseTarget } from "@addon-kit/infrastructure";
import { databaseLimitsSchema } from "@addon-kit/postgres-database";
import { ConfigError } from "./config-error.ts";
import { type GeneratedSecrets, loadOrCreateDevelopmentSecrets } from "./development-secrets.ts";
import { type Env, envSchema, isGeneratedSecret } from "./env-schema.ts";
import { readJsonFile } from "./json-file.ts";

/**
 * Values published in documentation or committed to this repository: anyone can read them,
 * so a production add-on must never authenticate Heroku or sign SSO with them.
 */
const publicExampleSecrets = new Set([
  "development-only-password-set-ADDON_PASSWORD",
  "development-only-salt-set-ADDON_SSO_SALT",
  "GqAGAmdrnkDFcvR9",
  "7CwqmJLEjv8YZTXK",
  "super-secret",
]);

export interface ProductConnectionConfig {
  apiUrl: string | undefined;
  eventsUrl: string | undefined;
  signingSecrets: string[];
  timeoutMs: number;
  provisionWaitMs: number;
}

export interface TenantDatabaseConfig {
  adminUrl: string;
  publicUrl: URL;
  ssl: DatabaseSsl;
  retentionMs: number;
  storageGraceMs: number;
  /** How long a synchronous provision waits for the database before finishing in the background. */
  provisionWaitMs: number;
}

export interface OidcConfig {
  /** `<PUBLIC_URL>/oidc`. */
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  redirectUris: string[];
  loginUrl: string;
  targetLinkUrl: string;
  idTokenTtlSeconds: number;
  keyRotationMs: number;
}

export interface AppConfig {
  environment: "development" | "production" | "test";
  port: number;
  host: string;
  logLevel: string;
  trustProxyHops: number;
  /** PostgreSQL when `DATABASE_URL` is set, otherwise the embedded PGlite under `DATA_DIR`. */
  database: DatabaseTarget;
  manifest: AddonManifest;
  plans: CatalogPlan[];
  provisioner: "api-key-tenant" | "http" | "postgres-database";
  /** `PROVISIONER=postgres-database`: the cluster the tenants' databases live on. */
  tenantDatabases: TenantDatabaseConfig | undefined;
  /** How addon-kit reaches the vendor's product: its provisioning API and events URL, each optional. */
  product: ProductConnectionConfig | undefined;
  /** The product as an OpenID Connect client, which Heroku SSO then signs customers into; undefined: the built-in dashboard. */
  oidc: OidcConfig | undefined;
  /** Where customers reach the product; the `_URL` config var points here. */
  productUrl: string;
  /** Where Heroku reaches this service from outside (webhooks). */
  publicUrl: string;
  heroku: { apiUrl: string; idUrl: string; oauthClientSecret: string | undefined };
  jobs: { inProcess: boolean; pollSeconds: number; concurrency: number };
  sso: SsoPolicy & { rateLimitPerMinute: number };
  /** Console sign-in: sessions slide up to an absolute maximum; sign-in attempts are rate-limited per address. */
  staff: { session: SessionPolicy; signInRateLimitPerMinute: number };
  /** Cookies are `Secure` in production, where the service is behind TLS. */
  secureCookies: boolean;
  /** Outside production, URLs from Heroku may be http to this machine, where a fake Heroku runs. */
  allowLoopbackHttp: boolean;
  sessionSecret: string;
  encryptionKey: Buffer;
  metrics: { token: string | undefined; instance: string };
}

/**
 * The AES-256 key: 32 bytes given in base64, or derived with HKDF-SHA256 from a hex secret, so
 * a secret Heroku generates (app.json) serves as it is.
 */
function encryptionKeyFrom(value: string): Buffer {
  if (!isGeneratedSecret(value)) return Buffer.from(value, "base64");
  return Buffer.from(hkdfSync("sha256", Buffer.from(value, "hex"), "addon-kit", "encryption-key", 32));
}

/** Parses and checks the whole configuration once; every failure names the setting at fault. */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`Invalid environment: ${describeIssues(parsed.error)}`);
  const vars = parsed.data;
  const production = vars.NODE_ENV === "production";
  const dataDir = resolve(cwd, vars.DATA_DIR);

  if (production) {
    for (const name of ["SESSION_SECRET", "ENCRYPTION_KEY", "HEROKU_OAUTH_CLIENT_SECRET"] as const) {
      if (!vars[name]) throw new ConfigError(`${name} is required when NODE_ENV=production`);
    }
  }
  let generated: GeneratedSecrets | undefined;
  const developmentSecrets = () => (generated ??= loadOrCreateDevelopmentSecrets(dataDir));

  const fileManifest = readJsonFile(resolve(cwd, vars.ADDON_MANIFEST), "ADDON_MANIFEST", addonManifestSchema);
  const manifest = addonManifestSchema.safeParse({
    ...fileManifest,
    api: {
      ...fileManifest.api,
      password: vars.ADDON_PASSWORD ?? fileManifest.api.password,
      sso_salt: vars.ADDON_SSO_SALT ?? fileManifest.api.sso_salt,
    },
  });
  if (!manifest.success) {
    throw new ConfigError(`ADDON_PASSWORD / ADDON_SSO_SALT: ${describeIssues(manifest.error)}`);
  }
  if (production) {
    if (publicExampleSecrets.has(manifest.data.api.password)) {
      throw new ConfigError("api.password is a published example value: set ADDON_PASSWORD");
    }
    if (publicExampleSecrets.has(manifest.data.api.sso_salt)) {
      throw new ConfigError("api.sso_salt is a published example value: set ADDON_SSO_SALT");
    }
  }

  if (!vars.JOBS_IN_PROCESS && !vars.DATABASE_URL) {
    throw new ConfigError("JOBS_IN_PROCESS=false needs DATABASE_URL: the embedded database belongs to one process, so only the server can work its jobs");
  }

  const product = productConnection(vars, production);
  if (vars.PROVISIONER === "http" && !product?.apiUrl) throw new ConfigError("PROVISIONER=http needs PRODUCT_API_URL, your product's provisioning API");

  const publicUrl = vars.PUBLIC_URL ?? new URL(manifest.data.api.production.base_url).origin;
  const oidc = oidcClient(vars, production, publicUrl);

  const catalog = readJsonFile(resolve(cwd, vars.PLAN_CATALOG), "PLAN_CATALOG", planCatalogSchema);
  const tenantDatabases = vars.PROVISIONER === "postgres-database" ? tenantDatabaseCluster(vars, manifest.data, catalog.plans) : undefined;

  return {
    environment: vars.NODE_ENV,
    port: vars.PORT,
    host: vars.HOST,
    logLevel: vars.LOG_LEVEL,
    trustProxyHops: vars.TRUST_PROXY_HOPS ?? (vars.DYNO ? 1 : 0),
    database: vars.DATABASE_URL
      ? { kind: "postgresql", url: vars.DATABASE_URL, ssl: vars.DATABASE_SSL ?? (vars.DYNO ? "no-verify" : "off"), poolMax: vars.DATABASE_POOL_MAX }
      : { kind: "pglite", dataDir: resolve(dataDir, "pglite") },
    manifest: manifest.data,
    plans: catalog.plans,
    provisioner: vars.PROVISIONER,
    tenantDatabases,
    product,
    productUrl: vars.PRODUCT_URL ?? new URL(manifest.data.api.production.base_url).origin,
    publicUrl,
    oidc,
    heroku: {
      apiUrl: vars.HEROKU_API_URL,
      idUrl: vars.HEROKU_ID_URL,
      oauthClientSecret: vars.HEROKU_OAUTH_CLIENT_SECRET,
    },
    jobs: { inProcess: vars.JOBS_IN_PROCESS, pollSeconds: vars.JOBS_POLL_SECONDS, concurrency: vars.JOBS_CONCURRENCY },
    sso: {
      salt: manifest.data.api.sso_salt,
      maxAgeSeconds: vars.SSO_MAX_AGE_SECONDS,
      rateLimitPerMinute: vars.SSO_RATE_LIMIT_PER_MINUTE,
      session: { idleMinutes: vars.SESSION_IDLE_MINUTES, maxHours: vars.SESSION_MAX_HOURS },
    },
    staff: {
      session: { idleMinutes: vars.STAFF_SESSION_IDLE_MINUTES, maxHours: vars.STAFF_SESSION_MAX_HOURS },
      signInRateLimitPerMinute: vars.STAFF_SIGN_IN_RATE_LIMIT_PER_MINUTE,
    },
    secureCookies: production,
    allowLoopbackHttp: !production,
    // Heroku names each dyno (web.1, web.2); elsewhere the process id tells processes apart.
    metrics: { token: vars.METRICS_TOKEN, instance: vars.DYNO ?? `pid-${process.pid}` },
    sessionSecret: vars.SESSION_SECRET ?? developmentSecrets().SESSION_SECRET,
    encryptionKey: encryptionKeyFrom(vars.ENCRYPTION_KEY ?? developmentSecrets().ENCRYPTION_KEY),
  };
}

/** The product's URLs and the secrets that sign every call to them; undefined when neither URL is set. */
function productConnection(vars: Env, production: boolean): ProductConnectionConfig | undefined {
  if (!vars.PRODUCT_API_URL && !vars.PRODUCT_EVENTS_URL) return undefined;
  if (!vars.PRODUCT_SIGNING_SECRET)
    throw new ConfigError("PRODUCT_API_URL and PRODUCT_EVENTS_URL need PRODUCT_SIGNING_SECRET, which signs every call to your product");
  for (const name of ["PRODUCT_API_URL", "PRODUCT_EVENTS_URL"] as const) {
    // The calls carry credentials and signed events: in production, only over TLS.
    if (production && vars[name] && new URL(vars[name]).protocol !== "https:") throw new ConfigError(`${name} must be an https URL when NODE_ENV=production`);
  }
  return {
    apiUrl: vars.PRODUCT_API_URL,
    eventsUrl: vars.PRODUCT_EVENTS_URL,
    signingSecrets: vars.PRODUCT_SIGNING_SECRET,
    timeoutMs: vars.PRODUCT_TIMEOUT_SECONDS * 1000,
    provisionWaitMs: vars.PRODUCT_PROVISION_WAIT_SECONDS * 1000,
  };
}

/** The tenants' cluster, once every plan says what a database on it may use and the manifest declares the config var. */
function tenantDatabaseCluster(vars: Env, manifest: AddonManifest, plans: CatalogPlan[]): TenantDatabaseConfig {
  if (!vars.TENANT_DATABASE_URL) throw new ConfigError("PROVISIONER=postgres-database needs TENANT_DATABASE_URL, the cluster the databases are made on");
  for (const plan of plans) {
    const limits = databaseLimitsSchema.safeParse(plan.limits);
    if (!limits.success) throw new ConfigError(`PLAN_CATALOG: plan ${plan.slug} needs limits for a database: ${describeIssues(limits.error)}`);
  }
  const configVar = `${manifest.api.config_vars_prefix ?? defaultConfigVarsPrefix(manifest.id)}_URL`;
  if (!manifest.api.config_vars.includes(configVar)) throw new ConfigError(`ADDON_MANIFEST: api.config_vars must declare ${configVar}, the database's URL`);
  const admin = new URL(vars.TENANT_DATABASE_URL);
  const publicUrl = new URL(vars.TENANT_DATABASE_PUBLIC_URL ?? `postgres://${admin.host}`);
  return {
    adminUrl: vars.TENANT_DATABASE_URL,
    publicUrl,
    ssl: vars.TENANT_DATABASE_SSL,
    retentionMs: vars.TENANT_DATABASE_RETENTION_HOURS * 3_600_000,
    storageGraceMs: vars.TENANT_STORAGE_GRACE_MINUTES * 60_000,
    provisionWaitMs: vars.PRODUCT_PROVISION_WAIT_SECONDS * 1000,
  };
}

/** The product's OpenID Connect client settings; undefined without OIDC_CLIENT_ID. */
function oidcClient(vars: Env, production: boolean, publicUrl: string): OidcConfig | undefined {
  if (!vars.OIDC_CLIENT_ID) return undefined;
  const redirectUris = vars.OIDC_REDIRECT_URIS;
  if (!redirectUris) throw new ConfigError("OIDC_CLIENT_ID needs OIDC_REDIRECT_URIS, the product's redirect URIs");
  if (!vars.OIDC_LOGIN_URL) throw new ConfigError("OIDC_CLIENT_ID needs OIDC_LOGIN_URL, where the product starts a sign-in");
  if (production) {
    // Codes and tokens travel to these: in production, only over TLS.
    for (const [name, url] of [
      ...redirectUris.map((uri) => ["OIDC_REDIRECT_URIS", uri]),
      ["OIDC_LOGIN_URL", vars.OIDC_LOGIN_URL],
      ["OIDC_TARGET_LINK_URL", vars.OIDC_TARGET_LINK_URL],
    ]) {
      if (url && new URL(url).protocol !== "https:") throw new ConfigError(`${name} must be https URLs when NODE_ENV=production`);
    }
  }
  return {
    issuer: new URL("/oidc", publicUrl).toString(),
    clientId: vars.OIDC_CLIENT_ID,
    clientSecret: vars.OIDC_CLIENT_SECRET,
    redirectUris,
    loginUrl: vars.OIDC_LOGIN_URL,
    targetLinkUrl: vars.OIDC_TARGET_LINK_URL ?? `${new URL(redirectUris[0] ?? vars.OIDC_LOGIN_URL).origin}/`,
    idTokenTtlSeconds: vars.OIDC_ID_TOKEN_TTL_SECONDS,
    keyRotationMs: vars.OIDC_KEY_ROTATION_DAYS * 86_400_000,
  };
}
