import fc from "fast-check";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { planChangeRequestSchema, provisionRequestSchema, signInInputSchema, ssoRequestSchema } from "@addon-kit/contracts";
import { clientAddress, provisionRequest } from "@addon-kit/testing/factories";
import { consoleRouter } from "@addon-kit/console-api";
import { herokuAuthorization, provisionThroughApi, useTestApp } from "./testing/test-app.ts";

/**
 * A generated fuzz suite over the raw HTTP surface: requests built from the fields of the
 * contracts' schemas (so a new field is fuzzed too) filled with what a hostile client sends.
 * Every answer must be a 4xx or a success, JSON with a message when it refuses, and no forged
 * request may open a session or reach anything behind authentication.
 */
const runsPerSurface = 130;

const testApp = useTestApp({ SSO_RATE_LIMIT_PER_MINUTE: "100000", STAFF_SIGN_IN_RATE_LIMIT_PER_MINUTE: "100000" });
let app: FastifyInstance;
let live: { herokuUuid: string; id: string };
beforeAll(async () => {
  app = testApp.app;
  live = await provisionThroughApi(app, testApp.config);
});

const fragments = ["\u0000", "\uD800", "\uDFFF", "%00", "%252E", "../", "..%2F", "__proto__", "constructor", "' or 1=1 --", "<script>", "\r\n", "😀", "ǅ", "İ"];
const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(...fragments),
  fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 8 })), { maxLength: 6 }).map((parts) => parts.join("")),
  fc.integer({ min: 200, max: 3000 }).map((length) => "x".repeat(length)),
);
const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-fA-F]{${length}}$`));
const deep = fc.integer({ min: 30, max: 3000 }).map((depth) => JSON.parse(`${"[".repeat(depth)}1${"]".repeat(depth)}`) as unknown);
const value = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  deep,
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(text, text, { maxKeys: 4 }),
);
/** Percent-encoded as a client would send it; lone surrogates cannot be encoded, so they become U+FFFD. */
const inUrl = (value: string) => encodeURIComponent(value.toWellFormed());
/** Escapes a URL may carry raw: NUL, broken UTF-8, encoded dots and slashes. */
const rawEscapes = fc.constantFrom("%00", "%E0%A4%A", "%C0%AE%C0%AE%2F", "..%2F..%2F", "%2e%2e%2f", "%u0000", "%ZZ");
const uuid = fc.oneof(fc.uuid(), fc.constant(crypto.randomUUID().toUpperCase()), text.map(inUrl), rawEscapes);

/** A body built on `base`, each of the schema's fields kept, dropped or replaced. */
const fieldsOf = (keys: string[], base: () => Record<string, unknown>) =>
  fc.tuple(...keys.map((key) => fc.tuple(fc.constant(key), fc.oneof(fc.constant("keep"), fc.constant("drop"), value)))).map((choices) => {
    const body: Record<string, unknown> = { ...base() };
    for (const [key, choice] of choices) {
      if (choice === "drop") delete body[key];
      else if (choice !== "keep") body[key] = choice;
    }
    return body;
  });
const encoded = (body: unknown, as: "json" | "form" | "raw"): string => {
  if (as === "json") return JSON.stringify(body) ?? "null";
  if (as === "form" && body !== null && typeof body === "object") {
    const field = (item: unknown) => (typeof item === "string" ? item : (JSON.stringify(item) ?? "undefined"));
    return new URLSearchParams(Object.entries(body).map(([key, item]): [string, string] => [key.toWellFormed(), field(item).toWellFormed()])).toString();
  }
  return typeof body === "string" ? body : (JSON.stringify(body) ?? "undefined");
};
const contentType = fc.constantFrom(
  "application/json",
  "application/vnd.heroku-addons+json; version=3",
  "application/x-www-form-urlencoded",
  "text/plain",
  "multipart/form-data; boundary=x",
  "application/json; charset=utf-16",
  "",
);

/** Whether Fastify routes the call to a Partner API route (rather than refusing the URL itself, e.g. 414 for an over-long id). */
function servesRoute(method: string, path: string): boolean {
  if (path === "") return method === "POST";
  if (path.length > 100) return false;
  try {
    decodeURIComponent(path);
  } catch {
    return false;
  }
  return method === "PUT" || method === "DELETE";
}

function expectWellFormedRefusal(response: LightMyRequestResponse) {
  expect(response.statusCode, response.body).toBeLessThan(500);
  if (response.statusCode >= 400) {
    const body = response.json();
    const message = body.message ?? body.error?.message;
    expect(typeof message, response.body).toBe("string");
    expect(response.body).not.toMatch(/\n\s+at /);
  }
}

describe("generated hostile requests", () => {
  it("to the Partner API are refused cleanly, and never served without the add-on's credentials", async () => {
    const provisionKeys = Object.keys(provisionRequestSchema.shape);
    const planKeys = Object.keys(planChangeRequestSchema.shape);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("POST", "PUT", "DELETE", "PATCH", "GET"),
        fc.oneof(
          fc.constant(""),
          uuid.map((id) => `/${id}`),
          fc.constant(`/${live.herokuUuid}`),
        ),
        fc.constantFrom("valid", "wrong", "malformed", "none"),
        contentType,
        fc.oneof(
          fieldsOf(provisionKeys, () => provisionRequest({ plan: "test" })),
          fieldsOf(planKeys, () => ({ plan: "basic" })),
          value,
        ),
        fc.constantFrom("json", "form", "raw") as fc.Arbitrary<"json" | "form" | "raw">,
        async (method, path, auth, type, body, as) => {
          const authorization = {
            valid: herokuAuthorization(testApp.config),
            wrong: herokuAuthorization(testApp.config, "wrong-password"),
            malformed: "Basic %%%",
            none: undefined,
          }[auth];
          const response = await app.inject({
            method,
            url: `/heroku/resources${path}`,
            headers: { ...(authorization ? { authorization } : {}), ...(type ? { "content-type": type } : {}) },
            ...(method === "GET" ? {} : { payload: encoded(body, as) }),
          });
          expectWellFormedRefusal(response);
          if (auth !== "valid") {
            expect(response.statusCode).toBeGreaterThanOrEqual(400);
            // A path no route serves is refused alike for anyone (404, or 400 for its body); a route asks for credentials first.
            if (servesRoute(method, path)) expect(response.statusCode).toBe(401);
          }
        },
      ),
      { numRuns: runsPerSurface },
    );
  });

  it("to SSO never open a session", async () => {
    const keys = Object.keys(ssoRequestSchema.in.shape);
    const base = () => ({ resource_id: live.herokuUuid, timestamp: String(Math.floor(Date.now() / 1000)) });
    const tokens = fc.record({ resource_token: hex(40), user_scoped_resource_token: hex(64), token: hex(40) }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("GET", "POST"), fieldsOf(keys, base), tokens, contentType, async (method, fields, forged, type) => {
        const form = { ...fields, ...forged };
        const response =
          method === "GET"
            ? await app.inject({ method, url: `/sso/login?${encoded(form, "form")}`, remoteAddress: clientAddress() })
            : await app.inject({
                method,
                url: "/sso/login",
                headers: type ? { "content-type": type } : {},
                payload: encoded(form, type.includes("json") ? "json" : "form"),
                remoteAddress: clientAddress(),
              });
        expectWellFormedRefusal(response);
        expect(response.statusCode).toBeGreaterThanOrEqual(400);
        expect(response.headers["set-cookie"]).toBeUndefined();
      }),
      { numRuns: runsPerSurface },
    );
  });

  it("to webhook URLs never apply an event", async () => {
    const event = () => ({
      id: crypto.randomUUID(),
      action: "create",
      resource: "addon-attachment",
      data: { id: crypto.randomUUID(), name: "X", addon: { id: live.herokuUuid }, app: { id: crypto.randomUUID(), name: "a" } },
    });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant(live.id), uuid),
        fc.oneof(fieldsOf(["id", "action", "resource", "data"], event), value),
        fc.option(text),
        fc.option(fc.oneof(text, fc.base64String({ maxLength: 44 }))),
        contentType,
        async (resourceId, body, authorization, signature, type) => {
          const response = await app.inject({
            method: "POST",
            url: `/heroku/webhooks/${resourceId}`,
            headers: {
              ...(type ? { "content-type": type } : {}),
              ...(authorization !== null ? { authorization: inUrl(authorization) } : {}),
              ...(signature !== null ? { "heroku-webhook-hmac-sha256": inUrl(signature) } : {}),
            },
            payload: encoded(body, "json"),
          });
          expectWellFormedRefusal(response);
          expect(response.statusCode).toBeGreaterThanOrEqual(400);
        },
      ),
      { numRuns: runsPerSurface },
    );
  });

  it("to the console API get no session and no data", async () => {
    const procedures = Object.keys(consoleRouter._def.procedures);
    const signInKeys = Object.keys(signInInputSchema.shape);
    const path = fc.oneof(
      fc.constantFrom(...procedures),
      fc.constantFrom(...procedures).map((name) => name.replace(".", "%2E")),
      fc.constantFrom(...procedures).map((name) => name.replace(".", "%252E")),
      fc.constantFrom(...procedures).map((name) => `${name},${name}`),
      text.map(inUrl),
      rawEscapes,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "POST"),
        path,
        fc.oneof(
          fieldsOf(signInKeys, () => ({ email: "admin@staff.example", password: "guess" })),
          value,
        ),
        fc.boolean(),
        fc.option(fc.oneof(text.map(inUrl), fc.constant("addon_kit_staff=forged.signature"))),
        fc.constantFrom("application/json", "multipart/form-data; boundary=x", "text/plain"),
        async (method, procedure, input, withHeader, cookie, type) => {
          const json = encoded(input, "json");
          const response = await app.inject({
            method,
            url: method === "GET" ? `/trpc/${procedure}?input=${inUrl(json)}` : `/trpc/${procedure}`,
            headers: {
              ...(withHeader ? { "x-addon-kit-console": "1" } : {}),
              ...(cookie ? { cookie } : {}),
              ...(method === "POST" ? { "content-type": type } : {}),
            },
            ...(method === "POST" ? { payload: json } : {}),
            remoteAddress: clientAddress(),
          });
          expectWellFormedRefusal(response);
          expect(response.statusCode).toBeGreaterThanOrEqual(400);
          expect(String(response.headers["set-cookie"] ?? "")).not.toMatch(/addon_kit_staff=[^;]/);
        },
      ),
      { numRuns: runsPerSurface },
    );
  });
});
