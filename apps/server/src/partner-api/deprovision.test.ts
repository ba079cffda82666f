import { describe, expect, it } from "vitest";
import { Resource, ResourceEvent, authenticateApiKey } from "@addon-kit/domain";
import { provisionRequest } from "@addon-kit/testing/factories";
import { herokuAuthorization, useTestApp } from "../testing/test-app.ts";

const testApp = useTestApp();

const auth = () => ({ authorization: herokuAuthorization(testApp.config) });

async function provisioned() {
  const request = provisionRequest();
  const response = await testApp.app.inject({ method: "POST", url: "/heroku/resources", headers: auth(), payload: request });
  expect(response.statusCode).toBe(200);
  return { uuid: request.uuid, apiKey: response.json().config.EXAMPLE_METRICS_API_KEY as string };
}

const deprovisionCall = (uuid: string, headers: Record<string, string> = {}) =>
  testApp.app.inject({ method: "DELETE", url: `/heroku/resources/${uuid}`, headers: { ...auth(), ...headers } });

describe("DELETE /heroku/resources/:uuid (deprovision)", () => {
  it("answers 204 with no body, revokes the credentials and keeps the record and its events", async () => {
    const { uuid, apiKey } = await provisioned();
    expect(await authenticateApiKey(testApp.app.orm.em.fork(), apiKey)).not.toBeNull();

    const response = await deprovisionCall(uuid);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");

    const em = testApp.app.orm.em.fork();
    expect(await authenticateApiKey(em, apiKey)).toBeNull();
    const resource = await em.findOneOrFail(Resource, { herokuUuid: uuid });
    expect(resource.state).toBe("deprovisioned");
    expect(resource.deprovisionedAt).toBeInstanceOf(Date);
    expect(resource.sealedConfig).toBeNull();
    const events = await em.find(ResourceEvent, { resource }, { orderBy: { id: "asc" } });
    expect(events.map((event) => event.type)).toEqual(["provisioned", "deprovisioned"]);
  });

  it("answers 410 when the resource is already deprovisioned", async () => {
    const { uuid } = await provisioned();
    expect((await deprovisionCall(uuid)).statusCode).toBe(204);
    const again = await deprovisionCall(uuid);
    expect(again.statusCode).toBe(410);
    expect(again.json()).toEqual({ message: `The add-on resource ${uuid} has been deprovisioned.` });
  });

  it("answers 410 to a provision replayed after the deprovision", async () => {
    const request = provisionRequest();
    await testApp.app.inject({ method: "POST", url: "/heroku/resources", headers: auth(), payload: request });
    await deprovisionCall(request.uuid);
    const replay = await testApp.app.inject({ method: "POST", url: "/heroku/resources", headers: auth(), payload: request });
    expect(replay.statusCode).toBe(410);
  });

  it("answers 404 for a resource it never provisioned", async () => {
    const response = await deprovisionCall(provisionRequest().uuid);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ message: "No such add-on resource." });
  });

  it("accepts the JSON content type with an empty body, as some clients send on DELETE", async () => {
    const { uuid } = await provisioned();
    expect((await deprovisionCall(uuid, { "content-type": "application/json" })).statusCode).toBe(204);
  });

  it("deprovisions once when the request arrives several times at once", async () => {
    const { uuid } = await provisioned();
    const responses = await Promise.all(Array.from({ length: 5 }, () => deprovisionCall(uuid)));
    expect(responses.map((response) => response.statusCode).sort()).toEqual([204, 410, 410, 410, 410]);
    const em = testApp.app.orm.em.fork();
    const resource = await em.findOneOrFail(Resource, { herokuUuid: uuid });
    expect(await em.count(ResourceEvent, { resource, type: "deprovisioned" })).toBe(1);
  });
});
