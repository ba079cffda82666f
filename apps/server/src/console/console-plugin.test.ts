import { describe, expect, it } from "vitest";
import { createStaffMember } from "@addon-kit/domain";
import { useTestApp } from "../testing/test-app.ts";

const testApp = useTestApp({ STAFF_SIGN_IN_RATE_LIMIT_PER_MINUTE: "3" });

const consoleHeaders = { "x-addon-kit-console": "1", "content-type": "application/json" };
const post = (path: string, payload: string, headers: Record<string, string> = consoleHeaders, remoteAddress = "10.0.0.1") =>
  testApp.app.inject({ method: "POST", url: `/trpc/${path}`, headers, payload, remoteAddress });

describe("the console API over HTTP", () => {
  it("signs in with a session cookie that is HttpOnly, SameSite=Strict and signed, and the cookie opens the session", async () => {
    const email = `cookie-${crypto.randomUUID().slice(0, 8)}@staff.example`;
    await createStaffMember(testApp.app.orm.em, { email, name: "C", role: "viewer", password: "a-long-enough-password" }, "test");
    const signIn = await post("session.signIn", JSON.stringify({ email, password: "a-long-enough-password" }), consoleHeaders, "10.0.0.2");
    expect(signIn.statusCode).toBe(200);
    const cookie = String(signIn.headers["set-cookie"]);
    expect(cookie).toMatch(/^addon_kit_staff=[^;]+\.[^;]+; Path=\/; HttpOnly; SameSite=Strict$/);

    const me = await testApp.app.inject({ method: "GET", url: "/trpc/session.me", headers: { cookie: cookie.split(";")[0]! } });
    expect(me.json()).toMatchObject({ result: { data: { email, role: "viewer" } } });
    const tampered = await testApp.app.inject({ method: "GET", url: "/trpc/session.me", headers: { cookie: `${cookie.split(";")[0]!}x` } });
    expect(tampered.statusCode).toBe(401);
  });

  it("refuses a mutation without the console header, so no other site can post one", async () => {
    const response = await post("session.signIn", JSON.stringify({ email: "a@staff.example", password: "x" }), { "content-type": "application/json" });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ message: "Console requests must carry the x-addon-kit-console header." });
  });

  it("answers malformed, oversized and unknown calls with 4xx and a message, never a 5xx", async () => {
    expect((await post("session.signIn", "{not json", consoleHeaders, "10.0.0.3")).statusCode).toBe(400);
    const invalid = await post("session.signIn", JSON.stringify({ email: "not an email", password: "" }), consoleHeaders, "10.0.0.4");
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.message).toBe("Invalid input: email: Invalid email address; password: Too small: expected string to have >=1 characters");
    expect((await post("session.signIn", JSON.stringify({ email: "x".repeat(2_000_000) }), consoleHeaders, "10.0.0.5")).statusCode).toBe(413);
    const unknown = await post("nothing.here", "{}");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toBe('No procedure found on path "nothing.here"');
  });

  it("rate-limits sign-in attempts per address", async () => {
    const attempt = () => post("session.signIn", JSON.stringify({ email: "nobody@staff.example", password: "wrong" }), consoleHeaders, "10.0.0.9");
    const statuses = [];
    for (let count = 0; count < 4; count++) statuses.push((await attempt()).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it("counts a sign-in however its path is spelled, and takes no batches", async () => {
    const body = JSON.stringify({ email: "nobody@staff.example", password: "wrong" });
    const statuses = [];
    for (let count = 0; count < 4; count++) statuses.push((await post("session%2EsignIn", body, consoleHeaders, "10.0.0.10")).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const batch = await post(
      "session.signIn,session.signIn?batch=1",
      JSON.stringify({ 0: JSON.parse(body), 1: JSON.parse(body) }),
      consoleHeaders,
      "10.0.0.11",
    );
    expect(batch.statusCode).toBe(400);
  });

  it("serves the console app at /console and its client-side routes", async () => {
    const page = await testApp.app.inject({ method: "GET", url: "/console/resources/anything" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.body).toContain('<div id="root"></div>');
    expect((await testApp.app.inject({ method: "GET", url: "/console" })).headers.location).toBe("/console/");
    expect((await testApp.app.inject({ method: "GET", url: "/console/assets/missing.js" })).statusCode).toBe(404);
  });
});
