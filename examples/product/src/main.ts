import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { buildProduct } from "./server.ts";
import { Store } from "./store.ts";

/**
 * The example product: `npm start -w example-product`. Everything it needs comes from the
 * environment; only SIGNING_SECRET (addon-kit's PRODUCT_SIGNING_SECRET) is required.
 */
const env = process.env;
const port = Number(env.PORT ?? 4000);
const secrets = env.SIGNING_SECRET?.trim().split(/\s+/);
if (!secrets?.[0]) {
  console.error("SIGNING_SECRET is required: the secret addon-kit signs its calls with (its PRODUCT_SIGNING_SECRET).");
  process.exit(2);
}
const specificationPath = env.OPENAPI_DOCUMENT ?? new URL("../../../packages/product/openapi/product-api.json", import.meta.url).pathname;
const store = new Store(env.DATABASE_PATH ?? "example-product.sqlite");
const url = env.URL ?? `http://localhost:${port}`;
const app = await buildProduct({
  store,
  specification: JSON.parse(readFileSync(specificationPath, "utf8")),
  signingSecrets: secrets,
  configVarsPrefix: env.CONFIG_VARS_PREFIX ?? "EXAMPLE_METRICS",
  apiUrl: `${url}/api`,
  adminToken: env.ADMIN_TOKEN,
  // Without a fixed secret, sessions end when the product restarts.
  cookieSecret: env.COOKIE_SECRET ?? randomBytes(32).toString("hex"),
  signIn:
    env.OIDC_ISSUER && env.OIDC_CLIENT_ID ? { issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET, url } : undefined,
});
const address = await app.listen({ port, host: env.HOST ?? "127.0.0.1" });
console.log(`example product listening on ${address}`);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    void app.close().then(() => {
      store.close();
      process.exit(0);
    });
  });
}
