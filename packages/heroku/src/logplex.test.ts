import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFakeHeroku, logInputCredentials } from "./fake/fake-heroku-server.ts";
import { logplexFrames, writeAppLogs } from "./logplex.ts";

describe("logplexFrames", () => {
  it("prefixes each RFC 5424 line with its length in bytes, multi-byte characters included", () => {
    const now = new Date("2026-11-23T10:00:00.000Z");
    const body = logplexFrames(["plan changed to bäsic", "two\nlines"], { procId: "example-metrics", now });
    const first = "<190>1 2026-11-23T10:00:00.000Z host app example-metrics - - plan changed to bäsic";
    const second = "<190>1 2026-11-23T10:00:00.000Z host app example-metrics - - two lines";
    expect(body).toBe(`${Buffer.byteLength(first)} ${first}${Buffer.byteLength(second)} ${second}`);
    expect(Buffer.byteLength(first)).toBe(first.length + 1);
  });
});

describe("writeAppLogs", () => {
  let fake: Awaited<ReturnType<typeof buildFakeHeroku>>;
  let url: string;
  beforeAll(async () => {
    fake = await buildFakeHeroku({ clientSecret: "client-secret" });
    await fake.app.listen({ port: 0, host: "127.0.0.1" });
    url = `http://127.0.0.1:${(fake.app.server.address() as { port: number }).port}`;
  });
  afterAll(() => fake.app.close());

  const logInputUrl = (addonId: string, password = logInputCredentials(addonId).password) => {
    const target = new URL(`/log-input/${addonId}`, url);
    target.username = "token";
    target.password = password;
    return target.toString();
  };

  it("posts the lines to the log input with the credentials from its URL", async () => {
    const addon = fake.state.createAddon();
    await writeAppLogs(logInputUrl(addon.id), ["first", "second"], { procId: "example-metrics", userAgent: "test" });
    expect(addon.logLines).toEqual([expect.stringMatching(/ example-metrics - - first$/), expect.stringMatching(/ example-metrics - - second$/)]);
  });

  it("fails, for the job to retry, when the log input refuses", async () => {
    const addon = fake.state.createAddon();
    await expect(writeAppLogs(logInputUrl(addon.id, "wrong"), ["x"], { procId: "p", userAgent: "test" })).rejects.toThrow("log input answered 401");
    expect(addon.logLines).toEqual([]);
  });
});
