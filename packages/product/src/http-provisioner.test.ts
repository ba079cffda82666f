import { randomBytes, randomUUID } from "node:crypto";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreateTenantRequest } from "@addon-kit/contracts";
import { HttpProvisioner } from "./http-provisioner.ts";
import { ProductTransport } from "./product-transport.ts";
import { WebhookSigner } from "./webhook-signer.ts";

const secret = () => `whsec_${randomBytes(32).toString("base64")}`;
const [current, next] = [secret(), secret()];

/** A real product server whose answer each test decides; it records what it received. */
let answer: (request: FastifyRequest, reply: FastifyReply) => unknown = () => ({});
const received: { method: string; url: string; headers: Record<string, string>; body: string }[] = [];
// Connections the client gave up on are closed with the server, not waited for.
const product = Fastify({ forceCloseConnections: true });
product.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => done(null, body));
product.all("/*", async (request, reply) => {
  received.push({
    method: request.method,
    url: request.url,
    headers: request.headers as Record<string, string>,
    body: (request.body as string | undefined) ?? "",
  });
  return answer(request, reply);
});
let baseUrl = "";
beforeAll(async () => {
  await product.listen({ port: 0, host: "127.0.0.1" });
  baseUrl = `http://127.0.0.1:${(product.server.address() as { port: number }).port}/addon-kit`;
});
afterAll(() => product.close());

function provisioner(options: { timeoutMs?: number } = {}) {
  const transport = new ProductTransport({ signer: new WebhookSigner([current, next]), timeoutMs: options.timeoutMs ?? 2_000, userAgent: "addon-kit (test)" });
  return new HttpProvisioner({ apiUrl: baseUrl, transport, configVarNames: ["EXAMPLE_URL", "EXAMPLE_API_KEY"], syncProvisionWaitMs: 1_000 });
}

function tenantRequest(): CreateTenantRequest {
  const heroku_uuid = randomUUID();
  return {
    resource: { id: randomUUID(), heroku_uuid, name: `app-${heroku_uuid.slice(0, 8)}`, plan: "basic", region: "us", state: "provisioning", options: {} },
    plan: { slug: "basic", name: "Basic", limits: { projects: 5 } },
  };
}

const create = (options: { timeoutMs?: number; signal?: AbortSignal } = {}) => {
  const request = tenantRequest();
  return provisioner(options).createTenant(request, {
    idempotencyKey: `${request.resource.heroku_uuid}:provision`,
    ...(options.signal ? { signal: options.signal } : {}),
  });
};

describe("the HTTP provisioner", () => {
  it("signs each request with every secret, so the product verifies it with either while secrets rotate", async () => {
    answer = () => ({ config: { EXAMPLE_API_KEY: "k" } });
    const request = tenantRequest();
    await provisioner().createTenant(request, { idempotencyKey: `${request.resource.heroku_uuid}:provision` });
    const call = received.at(-1);
    expect(call?.method).toBe("POST");
    expect(call?.url).toBe("/addon-kit/tenants");
    expect(call?.headers["webhook-id"]).toBe(`${request.resource.heroku_uuid}:provision`);
    expect(JSON.parse(call?.body ?? "")).toEqual(request);
    for (const key of [current, next]) expect(new Webhook(key).verify(call?.body ?? "", call?.headers ?? {})).toEqual(request);
    expect(() => new Webhook(secret()).verify(call?.body ?? "", call?.headers ?? {})).toThrow();
  });

  it("answers the config vars of a 2xx answer", async () => {
    answer = (_request, reply) => reply.code(201).send({ config: { EXAMPLE_URL: "https://p.example/t/1", EXAMPLE_API_KEY: "key" }, extra: "ignored" });
    expect(await create()).toMatchObject({ outcome: "done", value: { EXAMPLE_URL: "https://p.example/t/1", EXAMPLE_API_KEY: "key" }, status: 201 });
  });

  it("takes a 4xx as a refusal whose message the customer sees, with a fixed message when the product gives none", async () => {
    answer = (_request, reply) => reply.code(422).send({ message: "Region not served yet." });
    expect(await create()).toMatchObject({ outcome: "refused", message: "Region not served yet.", status: 422 });
    answer = (_request, reply) => reply.code(400).send({ message: "Tenant names must be shorter." });
    expect(await create()).toMatchObject({ outcome: "refused", message: "Tenant names must be shorter.", status: 400 });
    answer = (_request, reply) => reply.code(422).send("nope");
    expect(await create()).toMatchObject({ outcome: "refused", message: "The add-on's provider refused the request." });
  });

  it.each([
    ["a 500", (_request: FastifyRequest, reply: FastifyReply) => reply.code(500).send({ message: "database down" }), /answered 500: .*database down/],
    ["a 409 (the first call still running)", (_request: FastifyRequest, reply: FastifyReply) => reply.code(409).send({}), /answered 409/],
    ["a 401 (the secrets disagree)", (_request: FastifyRequest, reply: FastifyReply) => reply.code(401).send({ message: "bad signature" }), /answered 401/],
    ["a 404 (a URL that does not match)", (_request: FastifyRequest, reply: FastifyReply) => reply.code(404).send({ message: "no route" }), /answered 404/],
    ["a 429", (_request: FastifyRequest, reply: FastifyReply) => reply.code(429).send({ message: "slow down" }), /answered 429/],
    ["a redirect, which is not followed", (_request: FastifyRequest, reply: FastifyReply) => reply.redirect("https://elsewhere.example/"), /answered 302/],
    ["config vars the manifest does not declare", () => ({ config: { EXAMPLE_URL: "u", DATABASE_URL: "postgres://x" } }), /does not declare: DATABASE_URL/],
    ["a 200 that is not the contract's body", () => ({ tenant: "made" }), /body the contract does not allow/],
    ["an answer over 64 KiB", () => ({ config: { EXAMPLE_URL: "x".repeat(70_000) } }), /larger than 65536 bytes/],
  ])("takes %s as unavailable, to be tried again", async (_case, handler, reason) => {
    answer = handler;
    const result = await create();
    expect(result.outcome).toBe("unavailable");
    expect(result.outcome === "unavailable" && result.reason).toMatch(reason);
  });

  it("gives up waiting at its timeout, or sooner when the caller's signal ends the wait", async () => {
    answer = async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      return { config: {} };
    };
    expect(await create({ timeoutMs: 200 })).toMatchObject({ outcome: "unavailable", reason: expect.stringMatching(/no answer within \d+ ms/), status: null });
    const waited = await create({ signal: AbortSignal.timeout(100) });
    expect(waited).toMatchObject({ outcome: "unavailable", status: null });
    expect(waited.ms).toBeLessThan(1_000);
  });

  it("takes an unreachable product as unavailable", async () => {
    const transport = new ProductTransport({ signer: new WebhookSigner([current]), timeoutMs: 2_000, userAgent: "addon-kit (test)" });
    const closed = Fastify();
    await closed.listen({ port: 0, host: "127.0.0.1" });
    const port = (closed.server.address() as { port: number }).port;
    await closed.close();
    const unreachable = new HttpProvisioner({ apiUrl: `http://127.0.0.1:${port}/`, transport, configVarNames: [], syncProvisionWaitMs: 1_000 });
    const request = tenantRequest();
    expect(await unreachable.createTenant(request, { idempotencyKey: "k" })).toMatchObject({
      outcome: "unavailable",
      reason: expect.stringMatching(/ECONNREFUSED/),
    });
  });

  it("counts a tenant already gone as deleted", async () => {
    const request = tenantRequest();
    for (const status of [204, 404, 410]) {
      answer = (_request, reply) => reply.code(status).send();
      expect(await provisioner().deleteTenant(request.resource.heroku_uuid, { idempotencyKey: "k" })).toMatchObject({ outcome: "done", status });
    }
    expect(received.at(-1)).toMatchObject({ method: "DELETE", url: `/addon-kit/tenants/${request.resource.heroku_uuid}` });
  });
});
