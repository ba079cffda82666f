#!/usr/bin/env node
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { junitReport, summary, textReport } from "./report.ts";
import { runChecks } from "./run-checks.ts";

const usage = `Usage: addon-kit-check --plan <slug> --other-plan <slug> [options]

Plays Heroku against a running Add-on Partner API v3 add-on, in any language, and checks what
Heroku relies on: the manifest, provision (replays, concurrent copies, refusals), plan change,
deprovision, SSO, asynchronous provisioning and attachment webhooks.

  --url <url>             where the add-on listens (http://localhost:3000); paths come from the manifest
  --manifest <path>       the add-on manifest (./addon-manifest.json); ADDON_PASSWORD and ADDON_SSO_SALT override its secrets
  --plan <slug>           a plan the add-on provisions synchronously (200)
  --other-plan <slug>     another plan, for plan changes
  --async-plan <slug>     a plan provisioned asynchronously (202); without it those checks are skipped
  --heroku-port <port>    where the checker serves Heroku's OAuth and Platform API (5010): point the
                          add-on's Heroku URLs there, with the client secret below
  --client-secret <text>  the OAuth client secret the add-on sends (HEROKU_OAUTH_CLIENT_SECRET, else fake-heroku-client-secret)
  --deadline <seconds>    how long background work may take (60)
  --only <ids>            only the checks whose id starts with one of these, comma-separated (e.g. provision,sso)
  --junit <path>          also write JUnit XML there, for CI

Exit code: 0 when nothing failed, 1 when a check failed, 2 when the command was not understood.`;

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        url: { type: "string", default: "http://localhost:3000" },
        manifest: { type: "string", default: "./addon-manifest.json" },
        plan: { type: "string" },
        "other-plan": { type: "string" },
        "async-plan": { type: "string" },
        "heroku-port": { type: "string", default: "5010" },
        "client-secret": { type: "string" },
        deadline: { type: "string", default: "60" },
        only: { type: "string" },
        junit: { type: "string" },
        help: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
})();
if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (!values.plan || !values["other-plan"]) fail("--plan and --other-plan are required");
const herokuPort = Number(values["heroku-port"]);
const deadline = Number(values.deadline);
if (!Number.isInteger(herokuPort) || herokuPort < 0 || herokuPort > 65535) fail("--heroku-port must be a port number");
if (!(deadline > 0)) fail("--deadline must be a number of seconds");

let manifest: { api?: Record<string, unknown> };
try {
  manifest = JSON.parse(readFileSync(values.manifest, "utf8")) as typeof manifest;
} catch (error) {
  fail(`cannot read the manifest ${values.manifest}: ${error instanceof Error ? error.message : String(error)}`);
}
const env = process.env;
const secrets = { ...(env.ADDON_PASSWORD ? { password: env.ADDON_PASSWORD } : {}), ...(env.ADDON_SSO_SALT ? { sso_salt: env.ADDON_SSO_SALT } : {}) };

// On a terminal, the check under way shows on one line that the result then replaces.
const terminal = process.stdout.isTTY;
const results = await runChecks(
  {
    manifest: { ...manifest, api: { ...manifest.api, ...secrets } },
    addonUrl: values.url,
    herokuPort,
    clientSecret: values["client-secret"] ?? env.HEROKU_OAUTH_CLIENT_SECRET ?? "fake-heroku-client-secret",
    plans: { plan: values.plan, otherPlan: values["other-plan"], asyncPlan: values["async-plan"] },
    deadlineMs: deadline * 1000,
    ...(values.only ? { only: values.only.split(",").map((id) => id.trim()) } : {}),
  },
  (event) => {
    if ("starting" in event) {
      if (terminal) process.stdout.write(`\r\u001b[2K....  ${event.starting.id}  ${event.starting.title}`);
      return;
    }
    if (terminal) process.stdout.write("\r\u001b[2K");
    console.log(textReport(event.finished));
  },
);
console.log(summary(results));
if (values.junit) writeFileSync(values.junit, junitReport(results));
process.exit(results.some((result) => result.outcome.status === "fail") ? 1 : 0);
