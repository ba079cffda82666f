import { setTimeout as sleep } from "node:timers/promises";
import { randomUUID } from "node:crypto";
import fastifyFormbody from "@fastify/formbody";
import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import { z } from "zod";
import { webhookSignature } from "@addon-kit/contracts";
import { type FakeAddon, FakeHerokuState, type RecordedCall } from "./fake-heroku-state.ts";

const configPatchSchema = z.object({ config: z.array(z.object({ name: z.string(), value: z.string().nullable() })) });
const webhookRequestSchema = z.object({
  url: z.url(),
  include: z.array(z.string()),
  level: z.enum(["notify", "sync"]),
  authorization: z.string(),
  secret: z.string(),
});

/**
 * A real HTTP server that answers as id.heroku.com and api.heroku.com do for one partner:
 * OAuth grants and refreshes, the add-on Platform API endpoints, log input. It records every
 * call and can play an outage. Its `/_fake` routes let a driver (or a person) set it up and
 * read what it saw.
 */
export async function buildFakeHeroku(options: { clientSecret: string; logger?: boolean }): Promise<{ app: FastifyInstance; state: FakeHerokuState }> {
  const state = new FakeHerokuState(options.clientSecret);
  const app = Fastify({ logger: options.logger ?? false });
  await app.register(fastifyFormbody);
  app.addContentTypeParser("application/logplex-1", { parseAs: "string" }, (_request, body, done) => done(null, body));

  const recorded = new WeakMap<FastifyRequest, RecordedCall>();
  app.addHook("onRequest", async (request, reply) => {
    if (request.url.startsWith("/_fake")) return;
    const call: RecordedCall = {
      method: request.method,
      path: request.url.split("?")[0] ?? request.url,
      at: new Date().toISOString(),
      addonId: (request.params as { id?: string }).id,
      accept: request.headers.accept,
      userAgent: request.headers["user-agent"],
    };
    state.calls.push(call);
    recorded.set(request, call);
    if (state.inOutage(request.url)) {
      return reply.code(state.outage.status).send({ id: "unavailable", message: "The fake Heroku is playing an outage." });
    }
  });
  // A slow answer, not a slow start: Heroku has acted on the call when its answer sets off, so a
  // list read meanwhile can be out of date by the time it arrives.
  app.addHook("onSend", async (request) => {
    if (recorded.has(request) && state.latencyMs > 0) await sleep(state.latencyMs);
  });
  app.addHook("preHandler", async (request) => {
    const call = recorded.get(request);
    if (!call) return;
    call.body = request.body;
  });
  app.addHook("onResponse", async (request, reply) => {
    const call = recorded.get(request);
    if (call) call.status = reply.statusCode;
  });
  /** Tells the call log which add-on a token request was for. */
  const attribute = (request: FastifyRequest, addonId: string) => {
    const call = recorded.get(request);
    if (call) call.addonId = addonId;
  };

  const addonFor = (request: FastifyRequest<{ Params: { id: string } }>) => {
    const token = request.headers.authorization?.replace(/^Bearer /, "") ?? "";
    const addonId = state.accessTokens.get(token);
    const addon = state.addons.get(request.params.id);
    if (!addon || addonId !== addon.id) throw Object.assign(new Error("forbidden"), { statusCode: 403 });
    return addon;
  };
  const addonView = (addon: ReturnType<typeof addonFor>) => ({
    id: addon.id,
    name: addon.name,
    state: addon.state,
    app: addon.app,
    config_vars: Object.keys(addon.config),
  });

  app.post<{ Body: Record<string, string> }>("/oauth/token", async (request, reply) => {
    const body = request.body ?? {};
    if (body.client_secret !== state.clientSecret) return reply.code(401).send({ id: "unauthorized", message: "Invalid client secret." });
    if (body.grant_type === "authorization_code") {
      const addon = [...state.addons.values()].find((candidate) => candidate.grantCode === body.code);
      if (!addon || state.usedGrants.has(body.code ?? "")) return reply.code(400).send({ id: "invalid_grant", message: "Unknown or used grant." });
      state.usedGrants.add(addon.grantCode);
      attribute(request, addon.id);
      return state.issueTokens(addon.id);
    }
    if (body.grant_type === "refresh_token") {
      const addonId = state.refreshTokens.get(body.refresh_token ?? "");
      if (!addonId) return reply.code(400).send({ id: "invalid_grant", message: "Unknown refresh token." });
      attribute(request, addonId);
      return state.issueTokens(addonId);
    }
    return reply.code(400).send({ id: "unsupported_grant_type", message: "Unsupported grant type." });
  });

  app.get<{ Params: { id: string } }>("/addons/:id", async (request) => addonView(addonFor(request)));
  app.patch<{ Params: { id: string } }>("/addons/:id/config", async (request) => {
    const addon = addonFor(request);
    for (const { name, value } of configPatchSchema.parse(request.body).config) {
      if (value === null) delete addon.config[name];
      else addon.config[name] = value;
    }
    return Object.entries(addon.config).map(([name, value]) => ({ name, value }));
  });
  app.post<{ Params: { id: string } }>("/addons/:id/actions/provision", async (request) => {
    const addon = addonFor(request);
    addon.state = "provisioned";
    return addonView(addon);
  });
  app.post<{ Params: { id: string } }>("/addons/:id/actions/deprovision", async (request) => {
    const addon = addonFor(request);
    addon.state = "deprovisioned";
    return addonView(addon);
  });
  app.get<{ Params: { id: string } }>("/addons/:id/addon-attachments", async (request) =>
    addonFor(request).attachments.map((attachment) => ({ ...attachment, addon: { id: request.params.id } })),
  );
  app.post<{ Params: { id: string } }>("/addons/:id/webhooks", async (request, reply) => {
    const addon = addonFor(request);
    const subscription = { id: crypto.randomUUID(), ...webhookRequestSchema.parse(request.body) };
    addon.webhooks.push(subscription);
    return reply.code(201).send({ id: subscription.id, include: subscription.include, level: subscription.level, url: subscription.url });
  });
  app.post<{ Params: { id: string }; Body: string }>("/log-input/:id", async (request, reply) => {
    const addon = state.addons.get(request.params.id);
    if (!addon) return reply.code(404).send();
    if (request.headers.authorization !== logInputAuthorization(addon.id)) return reply.code(401).send();
    addon.logLines.push(...splitFrames(request.body));
    return reply.code(204).send();
  });

  app.post<{ Body: { id?: string; name?: string; appName?: string } }>("/_fake/addons", async (request) => state.createAddon(request.body ?? {}));
  // What Heroku does with a synchronous provision's answer: sets the config and marks it provisioned.
  app.post<{ Params: { id: string }; Body: { config: Record<string, string> } }>("/_fake/addons/:id/provisioned", async (request, reply) => {
    const addon = state.addons.get(request.params.id);
    if (!addon) return reply.code(404).send({});
    Object.assign(addon, { state: "provisioned", config: { ...request.body.config } });
    return addon;
  });
  app.get<{ Params: { id: string } }>("/_fake/addons/:id", async (request, reply) => state.addons.get(request.params.id) ?? reply.code(404).send({}));
  app.post<{ Params: { id: string }; Body: { appName: string; name: string } }>("/_fake/addons/:id/attachments", async (request, reply) => {
    const addon = state.addons.get(request.params.id);
    if (!addon) return reply.code(404).send({});
    const attachment = { id: crypto.randomUUID(), name: request.body.name, app: { id: crypto.randomUUID(), name: request.body.appName } };
    addon.attachments.push(attachment);
    return { attachment, deliveries: await deliverAttachmentEvent(addon, "create", attachment) };
  });
  app.delete<{ Params: { id: string; attachmentId: string } }>("/_fake/addons/:id/attachments/:attachmentId", async (request, reply) => {
    const addon = state.addons.get(request.params.id);
    const attachment = addon?.attachments.find((candidate) => candidate.id === request.params.attachmentId);
    if (!addon || !attachment) return reply.code(404).send({});
    addon.attachments = addon.attachments.filter((candidate) => candidate !== attachment);
    return { attachment, deliveries: await deliverAttachmentEvent(addon, "destroy", attachment) };
  });
  // What the Heroku Dashboard does when a customer opens the add-on: a page on Heroku's origin
  // whose form posts the signed fields to the add-on's sso_url.
  app.post<{ Body: { action: string; fields: Record<string, string> } }>("/_fake/sso-forms", async (request) => {
    const id = randomUUID();
    state.ssoForms.set(id, { action: request.body.action, fields: request.body.fields });
    return { id };
  });
  app.get<{ Params: { id: string } }>("/_fake/sso-forms/:id", async (request, reply) => {
    const form = state.ssoForms.get(request.params.id);
    if (!form) return reply.code(404).send({ message: "No such SSO form." });
    return reply.type("text/html").send(autoSubmittingForm(form.action, form.fields));
  });
  app.get("/_fake/calls", async () => state.calls);
  app.post<{ Body: { ms: number } }>("/_fake/latency", async (request) => {
    state.latencyMs = request.body.ms;
    return { ms: state.latencyMs };
  });
  app.post<{ Body: { calls?: number; seconds?: number; status?: number; path?: string } }>("/_fake/outage", async (request) => {
    const { calls, seconds, status, path } = request.body;
    state.outage = {
      remaining: calls ?? 0,
      status: status ?? 503,
      ...(path ? { path } : {}),
      ...(seconds ? { until: Date.now() + seconds * 1000 } : {}),
    };
    return state.outage;
  });
  return { app, state };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function autoSubmittingForm(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("");
  return `<!doctype html><html><body onload="document.forms[0].submit()"><p>Signing in to the add-on…</p><form method="post" action="${escapeHtml(action)}">${inputs}<noscript><button>Continue</button></noscript></form></body></html>`;
}

/** The credentials the fake puts in each add-on's `log_input_url`. */
export function logInputCredentials(addonId: string) {
  return { username: "token", password: `t.${addonId}` };
}

function logInputAuthorization(addonId: string): string {
  const { username, password } = logInputCredentials(addonId);
  return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
}

/** Splits an `application/logplex-1` body into its syslog lines. */
function splitFrames(body: string): string[] {
  const lines: string[] = [];
  let rest = body;
  while (rest.length > 0) {
    const space = rest.indexOf(" ");
    const length = Number(rest.slice(0, space));
    if (space < 0 || !Number.isFinite(length)) break;
    const frame = Buffer.from(rest.slice(space + 1))
      .subarray(0, length)
      .toString();
    lines.push(frame);
    rest = rest.slice(space + 1 + frame.length);
  }
  return lines;
}

/** Delivers an `api:addon-attachment` event to each subscription, signed as Heroku signs it. */
/**
 * One attachment webhook as Heroku delivers it to a subscription: the event, its body and the
 * headers that authenticate it (the subscription's `Authorization` value and the body's HMAC).
 */
export function attachmentWebhookDelivery(
  addon: Pick<FakeAddon, "id" | "name">,
  webhook: Pick<FakeAddon["webhooks"][number], "authorization" | "secret">,
  action: "create" | "destroy",
  attachment: FakeAddon["attachments"][number],
) {
  const event = {
    id: crypto.randomUUID(),
    action,
    resource: "addon-attachment",
    created_at: new Date().toISOString(),
    version: "application/vnd.heroku+json; version=3",
    data: { id: attachment.id, name: attachment.name, addon: { id: addon.id, name: addon.name }, app: attachment.app },
  };
  const body = JSON.stringify(event);
  const headers = {
    "content-type": "application/json",
    authorization: webhook.authorization,
    "heroku-webhook-hmac-sha256": webhookSignature(webhook.secret, body),
  };
  return { event, body, headers };
}

async function deliverAttachmentEvent(addon: FakeAddon, action: "create" | "destroy", attachment: FakeAddon["attachments"][number]) {
  const deliveries = [];
  for (const webhook of addon.webhooks.filter((candidate) => candidate.include.includes("api:addon-attachment"))) {
    const delivery = attachmentWebhookDelivery(addon, webhook, action, attachment);
    const response = await fetch(webhook.url, { method: "POST", headers: delivery.headers, body: delivery.body });
    deliveries.push({
      url: webhook.url,
      status: response.status,
      event: delivery.event,
      signature: delivery.headers["heroku-webhook-hmac-sha256"],
      authorization: webhook.authorization,
    });
  }
  return deliveries;
}
