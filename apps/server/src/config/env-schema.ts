import { z } from "zod";

/** What `openssl rand -hex 32` and app.json's `"generator": "secret"` give: hex, 256 bits or more. */
export const isGeneratedSecret = (value: string) => /^[0-9a-f]{64,}$/i.test(value);

const port = z.coerce.number().int().min(0).max(65535);

/** Standard Webhooks' secret format, with a key long enough for HMAC-SHA256. */
function isWebhookSecret(value: string): boolean {
  const key = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(value)?.[1];
  const bytes = key ? Buffer.from(key, "base64").length : 0;
  return bytes >= 24 && bytes <= 64;
}
const optionalSecret = z.string().min(1).optional();

/** Every environment variable the service reads. The README's configuration table mirrors it. */
export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: port.default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  /**
   * Proxies in front of the service whose X-Forwarded-For is believed (rate limits count by
   * client). Unset: Heroku's one router on a dyno (`DYNO` is set there), none elsewhere, since
   * believing a header a direct client wrote lets it pick its own key.
   */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).optional(),
  /** Set by Heroku on every dyno. */
  DYNO: z.string().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// URL" }).optional(),
  /** TLS to PostgreSQL (see DatabaseSsl). Unset: `no-verify` on a Heroku dyno, where Heroku Postgres requires TLS; `off` elsewhere. */
  DATABASE_SSL: z.enum(["off", "no-verify", "verify"]).optional(),
  /** Connections a process opens to PostgreSQL: this many for the ORM, half as many for the jobs, and two of pg-boss's and the migration lock's. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(2).max(100).default(10),
  DATA_DIR: z.string().min(1).default(".data"),
  ADDON_MANIFEST: z.string().min(1).default("./addon-manifest.json"),
  PLAN_CATALOG: z.string().min(1).default("./plans.json"),
  PROVISIONER: z.enum(["api-key-tenant", "http", "postgres-database"]).default("api-key-tenant"),
  /** `PROVISIONER=postgres-database`: the cluster the tenants' databases are made on, as a superuser. */
  TENANT_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// URL" }).optional(),
  /** Where apps reach that cluster: the host, port and parameters (`?sslmode=require`) of each database URL given out; default: TENANT_DATABASE_URL's host and port. */
  TENANT_DATABASE_PUBLIC_URL: z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// URL" }).optional(),
  /** TLS to the tenants' cluster, as DATABASE_SSL. */
  TENANT_DATABASE_SSL: z.enum(["off", "no-verify", "verify"]).default("off"),
  /** A deprovisioned resource's database is kept this long (access revoked) before it is dropped. */
  TENANT_DATABASE_RETENTION_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 90)
    .default(72),
  /** A database over its storage quota turns read-only this long after the warning. */
  TENANT_STORAGE_GRACE_MINUTES: z.coerce
    .number()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),
  PRODUCT_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The vendor's product's provisioning API (`PROVISIONER=http`), by the contract in packages/product/openapi. */
  PRODUCT_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Where lifecycle events are delivered; unset, none are recorded. */
  PRODUCT_EVENTS_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Standard Webhooks secrets (`whsec_` + base64), space-separated while rotating: every request carries a signature by each. */
  PRODUCT_SIGNING_SECRET: z
    .string()
    .trim()
    .transform((value) => value.split(/\s+/))
    .pipe(z.array(z.string().refine(isWebhookSecret, "must be whsec_ followed by a base64 key of 24 to 64 bytes (whsec_$(openssl rand -base64 32))")))
    .optional(),
  /** The vendor's product as an OpenID Connect client: set to sign customers into it after Heroku SSO. */
  OIDC_CLIENT_ID: z.string().trim().min(1).max(255).optional(),
  /** Unset: a public client, which proves itself with PKCE alone. */
  OIDC_CLIENT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** The product's redirect URIs, space-separated; a request must name one exactly. */
  OIDC_REDIRECT_URIS: z
    .string()
    .trim()
    .transform((value) => value.split(/\s+/))
    .pipe(z.array(z.url({ protocol: /^https?$/ })).min(1))
    .optional(),
  /** The product's login-initiation URL (OpenID Connect Core 1.0, section 4), where Heroku SSO sends the browser. */
  OIDC_LOGIN_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The product page a sign-in lands on, with the add-on link's deep-link parameters; default: its first redirect URI's origin. */
  OIDC_TARGET_LINK_URL: z.url({ protocol: /^https?$/ }).optional(),
  OIDC_ID_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(600),
  /** ID-token signing keys roll over this often (the old one is published a day longer). */
  OIDC_KEY_ROTATION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** How long a call to the product may take (background jobs, rotation). */
  PRODUCT_TIMEOUT_SECONDS: z.coerce.number().min(1).max(25).default(10),
  /** How long a synchronous provision waits for the product (or the tenants' database cluster) before answering Heroku 202 and finishing in the background. */
  PRODUCT_PROVISION_WAIT_SECONDS: z.coerce.number().min(0.5).max(20).default(2.5),
  /** Where Heroku reaches this service from outside: webhook subscriptions point here. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Work background jobs inside the server; turn off where `npm run worker` runs them instead. */
  JOBS_IN_PROCESS: z.stringbool().default(true),
  JOBS_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(1),
  /** Jobs of each queue one process runs at once (mostly waiting on Heroku, so more than the cores). */
  JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(20).default(4),
  HEROKU_API_URL: z.url().default("https://api.heroku.com"),
  HEROKU_ID_URL: z.url().default("https://id.heroku.com"),
  HEROKU_OAUTH_CLIENT_SECRET: optionalSecret,
  ADDON_PASSWORD: optionalSecret,
  ADDON_SSO_SALT: optionalSecret,
  SSO_MAX_AGE_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  SSO_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(60),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).default(8),
  STAFF_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(60),
  STAFF_SESSION_MAX_HOURS: z.coerce.number().int().min(1).default(12),
  STAFF_SIGN_IN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** Bearer token for `/metrics`; unset, metrics are not served. */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  ENCRYPTION_KEY: z
    .string()
    .refine(
      (value) => isGeneratedSecret(value) || Buffer.from(value, "base64").length === 32,
      "must be 32 bytes, base64-encoded, or a random hex secret of at least 64 digits",
    )
    .optional(),
});

export type Env = z.infer<typeof envSchema>;
