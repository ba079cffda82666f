import { describe, expect, it } from "vitest";
import { ApiKey, HerokuAuthorization, Resource, ResourceEvent, SecretBox, openConfig } from "@addon-kit/domain";
import { provisionRequest } from "@addon-kit/testing/factories";
import { herokuAuthorization, useTestApp } from "../testing/test-app.ts";

const testApp = useTestApp();

function provisionCall(body: unknown, headers: Record<string, string> = {}) {
  return testApp.app.inject({
    method: "POST",
    url: "/heroku/resources",
    headers: { authorization: herokuAuthorization(testApp.config), "content-type": "application/json", ...headers },
    payload: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("POST /heroku/resources (provision)", () => {
  it("answers 200 with the id, the manifest's config vars and a message for a synchronous plan", async () => {
    const response = await provisionCall(provisionRequest({ plan: "basic" }));
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(["config", "id", "message"]);
    expect(body.config).toEqual({
      EXAMPLE_METRICS_URL: "https://example-metrics.example.com",
      EXAMPLE_METRICS_API_KEY: expect.stringMatching(/^sk_[\w-]{32}$/),
    });
    expect(body.message).toContain("Basic");
  });

  it("accepts Heroku's vendor media type for the body and the answer", async () => {
    const vendorType = "application/vnd.heroku-addons+json; version=3";
    const response = await provisionCall(provisionRequest(), { "content-type": vendorType, accept: vendorType });
    expect(response.statusCode).toBe(200);
  });

  it("accepts fields and options it does not know", async () => {
    const request = provisionRequest({ options: { flavour: "mint", nested: { a: [1, 2] } }, brand_new_field: { x: 1 } });
    const response = await provisionCall(request);
    expect(response.statusCode).toBe(200);
    const resource = await testApp.app.orm.em.fork().findOneOrFail(Resource, { herokuUuid: request.uuid });
    expect(resource.options).toEqual({ flavour: "mint", nested: { a: [1, 2] } });
  });

  it("answers a replay with the same id and config and creates nothing new", async () => {
    const request = provisionRequest();
    const first = await provisionCall(request);
    const second = await provisionCall({ ...request, options: {} });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(first.json());
    const em = testApp.app.orm.em.fork();
    const resources = await em.find(Resource, { herokuUuid: request.uuid });
    expect(resources).toHaveLength(1);
    expect(await em.count(ApiKey, { resource: resources[0] })).toBe(1);
  });

  it("creates one resource when 25 copies of one request arrive at once", async () => {
    const request = provisionRequest();
    const responses = await Promise.all(Array.from({ length: 25 }, () => provisionCall(request)));
    expect(responses.map((response) => response.statusCode)).toEqual(Array(25).fill(200));
    const bodies = responses.map((response) => response.json());
    expect(new Set(bodies.map((body) => JSON.stringify(body))).size).toBe(1);
    const em = testApp.app.orm.em.fork();
    const resources = await em.find(Resource, { herokuUuid: request.uuid });
    expect(resources).toHaveLength(1);
    expect(await em.count(ApiKey, { resource: resources[0] })).toBe(1);
    expect(await em.count(ResourceEvent, { resource: resources[0], type: "provisioned" })).toBe(1);
  });

  it("answers 409 to a second request for the same uuid that asks for something else", async () => {
    const request = provisionRequest();
    await provisionCall(request);
    const response = await provisionCall({ ...request, plan: "basic" });
    expect(response.statusCode).toBe(409);
    expect(response.json().message).toContain(request.uuid);
  });

  it("answers 422 naming the plans on offer for an unknown plan", async () => {
    const response = await provisionCall(provisionRequest({ plan: "platinum" }));
    expect(response.statusCode).toBe(422);
    expect(response.json()).toEqual({
      message: 'There is no plan named "platinum". Available plans: test, basic, premium.',
    });
  });

  it("answers 422 naming the supported regions for a region the manifest does not list", async () => {
    const response = await provisionCall(provisionRequest({ region: "amazon-web-services::ap-northeast-1" }));
    expect(response.statusCode).toBe(422);
    expect(response.json().message).toContain("Supported regions: us, eu");
  });

  it("accepts a region given by its manifest name or as Heroku's provider region", async () => {
    for (const region of ["eu", "amazon-web-services::eu-west-1"]) {
      expect((await provisionCall(provisionRequest({ region }))).statusCode).toBe(200);
    }
  });

  it.each([
    ["a body that is not JSON", "{not json", "Body is not valid JSON but content-type is set to 'application/json'"],
    ["an empty body", "", "Invalid request: body: Invalid input: expected object, received null"],
    ["a JSON array", "[]", "Invalid request: body: Invalid input: expected object, received array"],
  ])("answers %s with a 400 JSON message", async (_name, payload, message) => {
    const response = await provisionCall(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ message });
  });

  it("refuses a body that would poison prototypes, though the request is otherwise valid", async () => {
    const valid = provisionRequest();
    const request = JSON.stringify(valid);
    for (const poison of ['"__proto__": {"admin": true}', '"constructor": {"prototype": {"admin": true}}']) {
      const response = await provisionCall(`{${poison},${request.slice(1)}`);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ message: "Body is not valid JSON but content-type is set to 'application/json'" });
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(await testApp.app.orm.em.fork().count(Resource, { herokuUuid: valid.uuid })).toBe(0);
    // The same request without the poison is provisioned: the refusal was for the poison alone.
    expect((await provisionCall(request)).statusCode).toBe(200);
  });

  it("names each missing or malformed field", async () => {
    const response = await provisionCall({ uuid: "not-a-uuid", region: "us" });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/body\.uuid: .*body\.plan: /);
  });

  it("answers 413 to a body larger than any Heroku sends", async () => {
    const response = await provisionCall(provisionRequest({ options: { padding: "x".repeat(100_000) } }));
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({ message: "Request body is too large" });
  });

  it("answers 415 to a body that is not JSON by its content type", async () => {
    const response = await provisionCall("uuid=1", { "content-type": "application/x-www-form-urlencoded" });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toEqual({ message: "Unsupported Media Type" });
  });

  it("records who provisioned what in the resource's event log", async () => {
    const request = provisionRequest({ plan: "basic" });
    await provisionCall(request);
    const em = testApp.app.orm.em.fork();
    const resource = await em.findOneOrFail(Resource, { herokuUuid: request.uuid });
    const events = await em.find(ResourceEvent, { resource });
    expect(events.map((event) => [event.type, event.actor])).toEqual([["provisioned", "heroku"]]);
    expect(resource.state).toBe("provisioned");
    expect(resource.sealedConfig).not.toContain("sk_");
  });

  it("stores the resource, its grant and its first event as Heroku sent them, secrets sealed", async () => {
    const logInputUrl = "https://token:secret@logs.example/logs";
    const request = provisionRequest({ plan: "basic", options: { size: 2 }, log_input_url: logInputUrl });
    const response = await provisionCall(request);
    const em = testApp.app.orm.em.fork();
    const secrets = new SecretBox(testApp.config.encryptionKey);
    const resource = await em.findOneOrFail(Resource, { herokuUuid: request.uuid }, { populate: ["plan"] });
    expect(resource).toMatchObject({
      id: response.json().id,
      name: request.name,
      region: request.region,
      options: { size: 2 },
      callbackUrl: request.callback_url,
    });
    expect(resource.plan.slug).toBe("basic");
    expect(resource.provisionedAt).toBeInstanceOf(Date);
    expect(openConfig(secrets, resource.sealedConfig ?? "")).toEqual(response.json().config);
    expect(secrets.open(resource.sealedLogInputUrl ?? "")).toBe(logInputUrl);

    const authorization = await em.findOneOrFail(HerokuAuthorization, { resourceId: resource.id });
    expect(secrets.open(authorization.sealedGrantCode ?? "")).toBe(request.oauth_grant.code);
    expect(authorization.grantExpiresAt?.toISOString()).toBe(request.oauth_grant.expires_at);
    const [event] = await em.find(ResourceEvent, { resource });
    expect(event?.data).toEqual({ plan: "basic", region: request.region });
  });
});
