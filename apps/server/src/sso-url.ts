import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { signedSsoForm } from "@addon-kit/contracts";
import { ConfigError } from "./config/config-error.ts";
import { loadConfig } from "./config/load-config.ts";

/**
 * `npm run sso -- <heroku-uuid> [--email you@example.com] [--base http://localhost:3000]`:
 * prints a URL that signs in to a local resource as Heroku's SSO would (usable once, for
 * SSO_MAX_AGE_SECONDS).
 */
function main(): void {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { email: { type: "string", default: "developer@example.com" }, base: { type: "string" }, app: { type: "string" } },
  });
  const [resourceId] = positionals;
  if (!resourceId) {
    console.error("Usage: npm run sso -- <heroku-uuid of a provisioned resource> [--email you@example.com] [--base URL]");
    process.exitCode = 2;
    return;
  }
  const config = loadConfig(process.env);
  const form = signedSsoForm({ resourceId, salt: config.sso.salt, userId: randomUUID(), email: values.email, app: values.app });
  const url = new URL(new URL(config.manifest.api.production.sso_url).pathname, values.base ?? `http://localhost:${config.port}`);
  for (const [name, value] of Object.entries(form)) url.searchParams.set(name, value);
  console.log(url.toString());
}

try {
  main();
} catch (error) {
  console.error(error instanceof ConfigError ? `Cannot sign: ${error.message}` : error);
  process.exitCode = 1;
}
