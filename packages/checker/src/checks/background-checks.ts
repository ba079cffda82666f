import { randomUUID } from "node:crypto";
import { attachmentWebhookDelivery } from "@addon-kit/heroku/fake";
import { type Check, type CheckContext, CheckSkipped, eventually, expectThat } from "../check.ts";
import { provisionRequest, provisionSync } from "./partner-api-checks.ts";

/** The calls the add-on made to the checker's Heroku about one add-on, as `METHOD /path`. */
const callsAbout = (context: CheckContext, addonId: string) => context.heroku.state.callLog(addonId);

export const asyncChecks: Check[] = [
  {
    id: "async.provision",
    title: "An asynchronous provision answers 202, then exchanges the grant, sets the config and marks the add-on provisioned in time",
    async run(context) {
      const plan = context.plans.asyncPlan;
      if (!plan) throw new CheckSkipped("no asynchronous plan given (--async-plan)");
      const { addon, request } = provisionRequest(context, { plan });
      const answer = await context.addon.partnerApi("POST", "", request);
      expectThat(answer.status === 202, `a provision on the asynchronous plan ${plan} must answer 202, not ${answer.status}`);
      const body = answer.json as { id?: unknown; config?: unknown } | undefined;
      expectThat(typeof body?.id === "string", 'the 202 must carry the resource\'s "id"');
      expectThat(body.config === undefined, "a 202 must not carry config: it is set later through the Platform API");
      await eventually(context, () => addon.state === "provisioned", "the add-on must call POST /addons/{id}/actions/provision");
      const calls = callsAbout(context, addon.id);
      const exchanged = calls.indexOf("POST /oauth/token");
      const configured = calls.indexOf(`PATCH /addons/${addon.id}/config`);
      const provisioned = calls.indexOf(`POST /addons/${addon.id}/actions/provision`);
      expectThat(exchanged >= 0, "the add-on must exchange the OAuth grant (POST /oauth/token)");
      expectThat(configured > exchanged, "the add-on must set the config (PATCH /addons/{id}/config) after exchanging the grant");
      expectThat(provisioned > configured, "the add-on must set the config before marking the add-on provisioned");
      const declared = new Set(context.manifest.api.config_vars);
      for (const name of Object.keys(addon.config)) expectThat(declared.has(name), `config var ${name} is not declared in the manifest`);
    },
  },
];

/** A provisioned add-on's webhook subscription, once the add-on has made it (after exchanging its grant). */
async function subscribedAddon(context: CheckContext) {
  const { request } = await provisionSync(context);
  const addon = context.heroku.state.addons.get(request.uuid);
  expectThat(addon !== undefined, "the checker lost its add-on");
  const until = Date.now() + context.deadlineMs;
  while (addon.webhooks.length === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 250));
  const [subscription] = addon.webhooks;
  if (!subscription) throw new CheckSkipped(`the add-on did not subscribe to attachment webhooks within ${Math.round(context.deadlineMs / 1000)} s`);
  return { addon, subscription };
}

export const attachmentChecks: Check[] = [
  {
    id: "attachments.signed",
    title: "A signed attachment webhook is accepted",
    async run(context) {
      const { addon, subscription } = await subscribedAddon(context);
      const delivery = attachmentWebhookDelivery(addon, subscription, "create", {
        id: randomUUID(),
        name: "CHECKER",
        app: { id: randomUUID(), name: "checker-app" },
      });
      const answer = await context.addon.request("POST", new URL(subscription.url).pathname, { headers: delivery.headers, body: delivery.body });
      expectThat(answer.status >= 200 && answer.status < 300, `a webhook signed with the subscription's secret must be answered 2xx, not ${answer.status}`);
    },
  },
  {
    id: "attachments.forged",
    title: "A webhook with a forged signature is refused",
    async run(context) {
      const { addon, subscription } = await subscribedAddon(context);
      const delivery = attachmentWebhookDelivery(addon, { ...subscription, secret: `forged-${randomUUID()}` }, "create", {
        id: randomUUID(),
        name: "FORGED",
        app: { id: randomUUID(), name: "forged-app" },
      });
      const answer = await context.addon.request("POST", new URL(subscription.url).pathname, { headers: delivery.headers, body: delivery.body });
      expectThat(answer.status >= 400 && answer.status < 500, `a webhook with a forged signature must be refused with a 4xx (401), not ${answer.status}`);
    },
  },
];
