import { randomUUID } from "node:crypto";
import { provisionRequestFor } from "@addon-kit/heroku/fake";
import type { Answer } from "../addon-client.ts";
import { type Check, type CheckContext, CheckSkipped, expectThat } from "../check.ts";

/** A provision as Heroku sends it, for an add-on the checker's Heroku knows (its grant, callback and log URLs). */
export function provisionRequest(context: CheckContext, input: { plan?: string; appName?: string } = {}) {
  return provisionRequestFor(context.heroku.state, context.heroku.url, context.manifest, {
    plan: input.plan ?? context.plans.plan,
    ...(input.appName ? { appName: input.appName } : {}),
  });
}

export async function provisionSync(context: CheckContext, input: { appName?: string } = {}) {
  const { request } = provisionRequest(context, input);
  const answer = await context.addon.partnerApi("POST", "", request);
  expectThat(answer.status === 200, `a provision on plan ${context.plans.plan} must answer 200 (synchronous), not ${answer.status}`);
  return { request, answer, body: answer.json as { id?: unknown; config?: unknown; message?: unknown } };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Heroku shows every refusal's message to the customer: it must be JSON `{"message": "..."}`. */
export function expectRefusal(answer: Answer, statuses: number[], what: string): void {
  expectThat(statuses.includes(answer.status), `${what} must answer ${statuses.join(" or ")}, not ${answer.status}`);
  expectThat(
    isObject(answer.json) && typeof answer.json.message === "string" && answer.json.message.length > 0,
    `${what} must answer JSON with a "message" for the customer`,
  );
}

export const provisionChecks: Check[] = [
  {
    id: "provision.sync",
    title: "A synchronous provision answers 200 with an id and only declared config vars",
    async run(context) {
      const { body } = await provisionSync(context);
      expectThat(isObject(body), "the answer must be a JSON object");
      expectThat(typeof body.id === "string" && body.id.length > 0, 'the answer must carry the resource\'s "id"');
      expectThat(isObject(body.config), 'the answer must carry "config", an object of config vars');
      const declared = new Set(context.manifest.api.config_vars);
      for (const [name, value] of Object.entries(body.config)) {
        expectThat(declared.has(name), `config var ${name} is not declared in the manifest's api.config_vars: Heroku refuses the answer`);
        expectThat(typeof value === "string", `config var ${name} must be a string`);
      }
    },
  },
  {
    id: "provision.replay",
    title: "A replayed provision answers the same resource and config, creating nothing",
    async run(context) {
      const { request, body } = await provisionSync(context);
      const again = await context.addon.partnerApi("POST", "", request);
      expectThat(again.status === 200, `the replay must answer 200 again, not ${again.status}`);
      const replayed = again.json as { id?: unknown; config?: unknown };
      expectThat(
        replayed.id === body.id,
        `the replay answered id ${String(replayed.id)}, the first ${String(body.id)}: Heroku delivers at least once, so that is a second resource`,
      );
      expectThat(JSON.stringify(replayed.config) === JSON.stringify(body.config), "the replay must answer the same config");
    },
  },
  {
    id: "provision.concurrent",
    title: "Concurrent copies of one provision make one resource",
    async run(context) {
      const { request } = provisionRequest(context);
      const answers = await Promise.all(Array.from({ length: 5 }, () => context.addon.partnerApi("POST", "", request)));
      expectThat(
        answers.every((answer) => answer.status === 200),
        `every copy must answer 200, got ${answers.map((answer) => answer.status).join(", ")}`,
      );
      const ids = new Set(answers.map((answer) => (answer.json as { id?: unknown }).id));
      expectThat(ids.size === 1, `five concurrent copies of one uuid answered ${ids.size} different ids`);
    },
  },
  {
    id: "provision.many-per-app",
    title: "Two installs on one app are two resources (many_per_app)",
    async run(context) {
      if (!context.manifest.api.requires.includes("many_per_app")) throw new CheckSkipped("the manifest does not require many_per_app");
      const appName = `app-${randomUUID().slice(0, 8)}`;
      const [first, second] = [await provisionSync(context, { appName }), await provisionSync(context, { appName })];
      expectThat(first.body.id !== second.body.id, "two provisions with different uuids answered the same id");
    },
  },
  {
    id: "provision.unknown-plan",
    title: "An unknown plan is refused with 422 and a message",
    async run(context) {
      const { request } = provisionRequest(context, { plan: `no-such-plan-${randomUUID().slice(0, 8)}` });
      expectRefusal(await context.addon.partnerApi("POST", "", request), [422], "a provision on an unknown plan");
    },
  },
  {
    id: "provision.credentials",
    title: "Wrong or missing Basic credentials are refused with 401",
    async run(context) {
      const { request } = provisionRequest(context);
      for (const credentials of ["wrong", "none"] as const) {
        const answer = await context.addon.partnerApi("POST", "", request, { credentials });
        expectThat(answer.status === 401, `a provision with ${credentials} credentials must answer 401, not ${answer.status}`);
      }
    },
  },
  {
    id: "provision.malformed",
    title: "A body that is not JSON, or misses fields, is a 4xx with a message, never a 5xx",
    async run(context) {
      expectRefusal(await context.addon.partnerApi("POST", "", undefined, { rawBody: '{"uuid": ' }), [400, 422], "a body that is not JSON");
      expectRefusal(await context.addon.partnerApi("POST", "", { plan: context.plans.plan }), [400, 422], "a provision without a uuid");
    },
  },
  {
    id: "provision.oversized",
    title: "An oversized body is refused with a 4xx, never a 5xx",
    async run(context) {
      const { request } = provisionRequest(context);
      const answer = await context.addon.partnerApi("POST", "", { ...request, options: { padding: "x".repeat(2 * 1024 * 1024) } });
      expectThat(answer.status >= 400 && answer.status < 500, `a 2 MiB provision must be refused with a 4xx (413), not ${answer.status}`);
    },
  },
];

export const planChangeChecks: Check[] = [
  {
    id: "plan-change.accepted",
    title: "A plan change answers 200 with a message, and again when replayed",
    async run(context) {
      const { request } = await provisionSync(context);
      for (const attempt of ["first", "replayed"]) {
        const answer = await context.addon.partnerApi("PUT", `/${request.uuid}`, { plan: context.plans.otherPlan, uuid: request.uuid });
        expectThat(answer.status === 200, `the ${attempt} plan change to ${context.plans.otherPlan} must answer 200, not ${answer.status}`);
        expectThat(isObject(answer.json) && typeof answer.json.message === "string", `the ${attempt} plan change must answer JSON with a "message"`);
      }
    },
  },
  {
    id: "plan-change.unknown-plan",
    title: "A plan change to an unknown plan is refused with 422 and a message",
    async run(context) {
      const { request } = await provisionSync(context);
      expectRefusal(
        await context.addon.partnerApi("PUT", `/${request.uuid}`, { plan: `no-such-plan-${randomUUID().slice(0, 8)}` }),
        [422],
        "a change to an unknown plan",
      );
    },
  },
  {
    id: "plan-change.unknown-resource",
    title: "A plan change for an unknown uuid answers 404 or 410",
    async run(context) {
      expectRefusal(
        await context.addon.partnerApi("PUT", `/${randomUUID()}`, { plan: context.plans.otherPlan }),
        [404, 410],
        "a plan change for an unknown uuid",
      );
    },
  },
];

export const deprovisionChecks: Check[] = [
  {
    id: "deprovision.accepted",
    title: "A deprovision answers 2xx, a replay 410, and later plan changes 410",
    async run(context) {
      const { request } = await provisionSync(context);
      const first = await context.addon.partnerApi("DELETE", `/${request.uuid}`);
      expectThat(first.status >= 200 && first.status < 300, `a deprovision must answer 2xx (204), not ${first.status}`);
      const replay = await context.addon.partnerApi("DELETE", `/${request.uuid}`);
      expectThat([404, 410].includes(replay.status), `a replayed deprovision must answer 410 (gone; 404 at least), not ${replay.status}`);
      const planChange = await context.addon.partnerApi("PUT", `/${request.uuid}`, { plan: context.plans.otherPlan });
      expectThat([404, 410].includes(planChange.status), `a plan change after deprovision must answer 410 (404 at least), not ${planChange.status}`);
    },
  },
  {
    id: "deprovision.credentials",
    title: "A deprovision with wrong credentials is refused with 401",
    async run(context) {
      const { request } = await provisionSync(context);
      const answer = await context.addon.partnerApi("DELETE", `/${request.uuid}`, undefined, { credentials: "wrong" });
      expectThat(answer.status === 401, `a deprovision with wrong credentials must answer 401, not ${answer.status}`);
    },
  },
];
