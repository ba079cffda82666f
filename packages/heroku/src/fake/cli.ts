import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { addonManifestSchema, describeIssues } from "@addon-kit/contracts";
import { buildFakeHeroku } from "./fake-heroku-server.ts";
import { HerokuDriver } from "./heroku-driver.ts";

const usage = `Usage: npm run fake-heroku -- <command>

  serve [--port 5010]                       run the fake Heroku (OAuth, Platform API, log input)
  provision --plan <slug> [--app <name>]    provision as Heroku would, grant and all
  change-plan <uuid> <plan>                 change a resource's plan
  deprovision <uuid>                        deprovision a resource
  sso <uuid> [--email <address>]            print a URL whose page posts a signed SSO form (open it in a browser)
  attach <uuid> --app <name> [--as <NAME>]  attach the add-on to another app (signed webhook)
  detach <uuid> <attachment-id>             detach it (signed webhook)
  show <uuid>                               what the fake knows: state, config, attachments, logs
  calls                                     every call the fake has received, in order

Environment: FAKE_HEROKU_URL (http://localhost:5010), ADDON_URL (http://localhost:3000),
ADDON_MANIFEST (./addon-manifest.json), ADDON_PASSWORD and ADDON_SSO_SALT as the add-on uses
them, HEROKU_OAUTH_CLIENT_SECRET for serve (fake-heroku-client-secret).`;

class UsageError extends Error {}

function loadManifest() {
  const path = process.env.ADDON_MANIFEST ?? "./addon-manifest.json";
  const file = JSON.parse(readFileSync(path, "utf8")) as { api?: Record<string, unknown> };
  const parsed = addonManifestSchema.safeParse({
    ...file,
    api: { ...file.api, password: process.env.ADDON_PASSWORD ?? file.api?.password, sso_salt: process.env.ADDON_SSO_SALT ?? file.api?.sso_salt },
  });
  if (!parsed.success) throw new UsageError(`${path}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: "string", default: "5010" },
      plan: { type: "string" },
      app: { type: "string" },
      as: { type: "string", default: "EXAMPLE" },
      email: { type: "string", default: "developer@example.com" },
    },
  });
  const [command, ...args] = positionals;
  const fakeUrl = process.env.FAKE_HEROKU_URL ?? "http://localhost:5010";
  const driver = () => new HerokuDriver({ addonUrl: process.env.ADDON_URL ?? "http://localhost:3000", fakeUrl, manifest: loadManifest() });
  const need = (value: string | undefined, what: string) => {
    if (!value) throw new UsageError(`missing ${what}\n\n${usage}`);
    return value;
  };
  const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));

  switch (command) {
    case "serve": {
      const clientSecret = process.env.HEROKU_OAUTH_CLIENT_SECRET ?? "fake-heroku-client-secret";
      const { app } = await buildFakeHeroku({ clientSecret, logger: true });
      await app.listen({ port: Number(values.port), host: "127.0.0.1" });
      console.log(`Fake Heroku on http://localhost:${values.port}; start the add-on with
  HEROKU_API_URL=http://localhost:${values.port} HEROKU_ID_URL=http://localhost:${values.port} HEROKU_OAUTH_CLIENT_SECRET=${clientSecret} PUBLIC_URL=http://localhost:3000 npm start`);
      return;
    }
    case "provision":
      return print(await driver().provision({ plan: need(values.plan, "--plan"), ...(values.app ? { appName: values.app } : {}) }));
    case "change-plan":
      return print(await driver().changePlan(need(args[0], "<uuid>"), need(args[1], "<plan>")));
    case "deprovision":
      return print(await driver().deprovision(need(args[0], "<uuid>")));
    case "sso":
      return console.log(await driver().ssoUrl(need(args[0], "<uuid>"), { id: randomUUID(), email: values.email }));
    case "attach":
      return print(await driver().attach(need(args[0], "<uuid>"), { appName: need(values.app, "--app"), name: values.as }));
    case "detach":
      return print(await driver().detach(need(args[0], "<uuid>"), need(args[1], "<attachment-id>")));
    case "show":
      return print(await driver().addon(need(args[0], "<uuid>")));
    case "calls":
      return print(await driver().calls());
    default:
      throw new UsageError(usage);
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) console.error(error.message);
  else if (error instanceof TypeError && error.message === "fetch failed")
    console.error(`Cannot reach ${error.cause instanceof Error ? error.cause.message : "the server"}: is the fake Heroku (serve) and the add-on running?`);
  else console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
