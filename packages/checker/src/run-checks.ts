import { describeIssues, herokuManifestSchema } from "@addon-kit/contracts";
import { buildFakeHeroku } from "@addon-kit/heroku/fake";
import { AddonClient } from "./addon-client.ts";
import { type Check, type CheckContext, CheckFailed, CheckSkipped, type Outcome } from "./check.ts";
import { asyncChecks, attachmentChecks } from "./checks/background-checks.ts";
import { deprovisionChecks, planChangeChecks, provisionChecks } from "./checks/partner-api-checks.ts";
import { ssoChecks } from "./checks/sso-checks.ts";

/** Every check, in the order they run: each group needs what the one before proved. */
export const allChecks: Check[] = [...provisionChecks, ...planChangeChecks, ...deprovisionChecks, ...ssoChecks, ...asyncChecks, ...attachmentChecks];

export interface CheckerOptions {
  /** The manifest as its file says, with the password and salt the add-on actually uses. */
  manifest: unknown;
  /** Where the add-on under test listens; the manifest's URLs give the paths. */
  addonUrl: string;
  /** Where the checker serves Heroku's OAuth and Platform API: the add-on's Heroku URLs must point here. */
  herokuPort: number;
  clientSecret: string;
  plans: CheckContext["plans"];
  deadlineMs: number;
  /** Only the checks whose id starts with one of these. */
  only?: string[];
}

export interface CheckResult {
  id: string;
  title: string;
  outcome: Outcome;
  ms: number;
}

/** Plays Heroku against the add-on: the manifest first, then every check that applies, one after another. */
export async function runChecks(
  options: CheckerOptions,
  onProgress: (event: { starting: Check } | { finished: CheckResult }) => void = () => {},
): Promise<CheckResult[]> {
  const selected = allChecks.filter((check) => !options.only || options.only.some((prefix) => check.id.startsWith(prefix)));
  const parsed = herokuManifestSchema.safeParse(options.manifest);
  const manifestResult: CheckResult = {
    id: "manifest.valid",
    title: "The manifest passes the rules Heroku applies when it is pushed",
    outcome: parsed.success ? { status: "pass" } : { status: "fail", reason: describeIssues(parsed.error), exchanges: [] },
    ms: 0,
  };
  onProgress({ finished: manifestResult });
  if (!parsed.success) {
    return [manifestResult, ...selected.map((check) => skipped(check, "the manifest must be valid before its endpoints are checked"))];
  }

  const heroku = await buildFakeHeroku({ clientSecret: options.clientSecret });
  await heroku.app.listen({ port: options.herokuPort, host: "0.0.0.0" });
  const context: CheckContext = {
    manifest: parsed.data,
    addon: new AddonClient(options.addonUrl, parsed.data),
    heroku: { state: heroku.state, url: `http://localhost:${options.herokuPort}` },
    plans: options.plans,
    deadlineMs: options.deadlineMs,
  };
  const results = [manifestResult];
  try {
    for (const check of selected) {
      onProgress({ starting: check });
      const result = await runOne(check, context);
      results.push(result);
      onProgress({ finished: result });
    }
  } finally {
    await heroku.app.close();
  }
  return results;
}

async function runOne(check: Check, context: CheckContext): Promise<CheckResult> {
  const started = performance.now();
  context.addon.takeExchanges();
  let outcome: Outcome;
  try {
    await check.run(context);
    outcome = { status: "pass" };
  } catch (error) {
    if (error instanceof CheckSkipped) outcome = { status: "skip", reason: error.message };
    else if (error instanceof CheckFailed) outcome = { status: "fail", reason: error.message, exchanges: context.addon.takeExchanges() };
    else
      outcome = {
        status: "fail",
        reason: `the check could not run: ${error instanceof Error ? error.message : String(error)}`,
        exchanges: context.addon.takeExchanges(),
      };
  }
  return { id: check.id, title: check.title, outcome, ms: Math.round(performance.now() - started) };
}

function skipped(check: Check, reason: string): CheckResult {
  return { id: check.id, title: check.title, outcome: { status: "skip", reason }, ms: 0 };
}
