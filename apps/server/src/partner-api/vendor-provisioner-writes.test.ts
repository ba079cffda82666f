import { describe, expect, it } from "vitest";
import { ApiKey, Resource, apiKeyTenantProvisioner } from "@addon-kit/domain";
import { provisionRequest } from "@addon-kit/testing/factories";
import { herokuAuthorization, useTestApp } from "../testing/test-app.ts";

const builtIn = apiKeyTenantProvisioner({ configVarsPrefix: "EXAMPLE_METRICS", productUrl: "https://example.test" });
const keysSeenDuringProvision: number[] = [];

const testApp = useTestApp(
  {},
  {
    provisioner: {
      ...builtIn,
      async provision(context) {
        const config = await builtIn.provision(context);
        // A query after `em.create`: MikroORM would flush first by default, before the resource is written.
        keysSeenDuringProvision.push(await context.em.count(ApiKey, { resource: context.resource }));
        return config;
      },
    },
  },
);

describe("a provisioner's own rows", () => {
  it("are written at commit, after the resource, even when the provisioner queries after creating them", async () => {
    const request = provisionRequest({ plan: "basic" });
    const response = await testApp.app.inject({
      method: "POST",
      url: "/heroku/resources",
      headers: { authorization: herokuAuthorization(testApp.config) },
      payload: request,
    });
    expect(response.statusCode).toBe(200);
    expect(keysSeenDuringProvision).toEqual([0]);
    const em = testApp.app.orm.em.fork();
    const resource = await em.findOneOrFail(Resource, { herokuUuid: request.uuid });
    expect(await em.count(ApiKey, { resource })).toBe(1);
  });
});
