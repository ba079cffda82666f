import { describe, expect, it } from "vitest";
import { isCallableUrl } from "./called-url.ts";
import { provisionRequestSchemaFor } from "./partner-api.ts";

const production = { allowLoopbackHttp: false };
const development = { allowLoopbackHttp: true };

describe("URLs addon-kit may call", () => {
  it("are https anywhere", () => {
    expect(isCallableUrl("https://api.heroku.com/addons/x", production)).toBe(true);
    expect(isCallableUrl("https://token:t@1.us.logplex.io/logs", production)).toBe(true);
  });

  it("are https whatever the scheme's case", () => {
    expect(isCallableUrl("HTTPS://api.heroku.com/addons/x", production)).toBe(true);
    expect(isCallableUrl("HTTP://127.0.0.1:5010/x", production)).toBe(false);
  });

  it("are http only to this machine, and only outside production", () => {
    for (const url of ["http://127.0.0.1:5010/logs", "http://localhost:5010/x", "http://[::1]:5010/x"]) {
      expect(isCallableUrl(url, development)).toBe(true);
      expect(isCallableUrl(url, production)).toBe(false);
    }
    for (const url of [
      "http://10.0.0.1/x",
      "http://169.254.169.254/",
      "http://127.0.0.1.example.com/",
      "http://localhost.example.com/",
      "http://127.0.0.1@evil.example/",
      "http://localhost:80@169.254.169.254/",
      "http://[::ffff:a9fe:a9fe]/",
    ]) {
      expect(isCallableUrl(url, development)).toBe(false);
    }
  });

  it("are never another scheme, nor text the database cannot hold", () => {
    for (const url of ["ftp://x.example/", "file:///etc/passwd", "javascript:alert(1)", "gopher://x/", "https://x.example/\u0000", "not a url"]) {
      expect(isCallableUrl(url, development)).toBe(false);
    }
  });

  it("are all a production provision takes", () => {
    const request = { uuid: crypto.randomUUID(), plan: "basic", region: "us", log_input_url: "http://127.0.0.1:5010/logs" };
    expect(provisionRequestSchemaFor(production).safeParse(request).success).toBe(false);
    expect(provisionRequestSchemaFor(development).safeParse(request).success).toBe(true);
  });
});
