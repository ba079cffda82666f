import type { HerokuManifest } from "@addon-kit/contracts";
import type { FakeHerokuState } from "@addon-kit/heroku/fake";
import type { AddonClient } from "./addon-client.ts";

/** What one check found; a failure says why, with the requests and answers behind it. */
export type Outcome = { status: "pass" } | { status: "fail"; reason: string; exchanges: string[] } | { status: "skip"; reason: string };

export interface CheckContext {
  /** The manifest, or the reason it is not one Heroku would take (the checks that need it are then skipped). */
  manifest: HerokuManifest;
  addon: AddonClient;
  heroku: { state: FakeHerokuState; url: string };
  plans: { plan: string; otherPlan: string; asyncPlan: string | undefined };
  /** How long the add-on may take to finish in the background (asynchronous provisions, webhook subscriptions). */
  deadlineMs: number;
}

export interface Check {
  id: string;
  title: string;
  run(context: CheckContext): Promise<void>;
}

/** Thrown by a check that found what it checks for broken. */
export class CheckFailed extends Error {}

/** Thrown by a check that cannot apply to this add-on (its manifest does not ask for it, an option is missing). */
export class CheckSkipped extends Error {}

export function expectThat(condition: boolean, reason: string): asserts condition {
  if (!condition) throw new CheckFailed(reason);
}

/** Waits for `condition` until the deadline; fails with `reason` if it never holds. */
export async function eventually(context: CheckContext, condition: () => boolean | Promise<boolean>, reason: string): Promise<void> {
  const until = Date.now() + context.deadlineMs;
  while (Date.now() < until) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new CheckFailed(`${reason} within ${Math.round(context.deadlineMs / 1000)} s`);
}
