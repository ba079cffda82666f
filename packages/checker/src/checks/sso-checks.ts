import { signedSsoForm } from "@addon-kit/contracts";
import type { Answer } from "../addon-client.ts";
import { type Check, type CheckContext, CheckSkipped, expectThat } from "../check.ts";
import { provisionSync } from "./partner-api-checks.ts";

const minutes = (count: number) => new Date(Date.now() + count * 60_000);

/** A signed SSO form for a resource of the add-on's, as Heroku's Dashboard posts it; `now` shifts its timestamp. */
async function ssoForm(context: CheckContext, options: { now?: Date; userScoped?: boolean } = {}) {
  if (!context.manifest.api.production.sso_url) throw new CheckSkipped("the manifest has no sso_url");
  const { request } = await provisionSync(context);
  const form: Record<string, string> = signedSsoForm({
    resourceId: request.uuid,
    salt: context.manifest.api.sso_salt,
    userId: "checker-user",
    email: "checker@example.com",
    now: options.now,
  });
  if (options.userScoped === false) delete form.user_scoped_resource_token;
  return form;
}

const signsIn = (answer: Answer) => answer.status >= 200 && answer.status < 400 && answer.headers.getSetCookie().length > 0;

function expectSignedIn(answer: Answer, what: string): void {
  expectThat(
    signsIn(answer),
    `${what} must sign the customer in (a 2xx or 3xx with a session cookie), not ${answer.status}${answer.headers.getSetCookie().length ? "" : " without a cookie"}`,
  );
}

function expectRefused(answer: Answer, what: string): void {
  expectThat(answer.status >= 400 && answer.status < 500, `${what} must be refused with a 4xx (403), not ${answer.status}`);
}

export const ssoChecks: Check[] = [
  {
    id: "sso.sha1",
    title: "SSO with the resource token (sha1) signs the customer in",
    async run(context) {
      expectSignedIn(await context.addon.sso(await ssoForm(context, { userScoped: false })), "a valid resource_token");
    },
  },
  {
    id: "sso.sha256",
    title: "SSO with the user-scoped token (sha256) signs the customer in",
    async run(context) {
      expectSignedIn(await context.addon.sso(await ssoForm(context)), "a valid user_scoped_resource_token");
    },
  },
  {
    id: "sso.wrong-token",
    title: "SSO with a wrong token is refused",
    async run(context) {
      const form = await ssoForm(context);
      expectRefused(await context.addon.sso({ ...form, resource_token: "0".repeat(40), user_scoped_resource_token: "0".repeat(64) }), "a wrong token");
    },
  },
  {
    id: "sso.stale",
    title: "SSO with a timestamp ten minutes old is refused",
    async run(context) {
      expectRefused(await context.addon.sso(await ssoForm(context, { now: minutes(-10) })), "a ten-minute-old timestamp");
    },
  },
  {
    id: "sso.future",
    title: "SSO with a timestamp ten minutes ahead is refused",
    async run(context) {
      expectRefused(await context.addon.sso(await ssoForm(context, { now: minutes(10) })), "a timestamp ten minutes ahead");
    },
  },
  {
    id: "sso.replay",
    title: "The same SSO form posted twice signs in once",
    async run(context) {
      const form = await ssoForm(context);
      expectSignedIn(await context.addon.sso(form), "the first post");
      expectRefused(await context.addon.sso(form), "the same form posted again (a replay)");
    },
  },
  {
    id: "sso.cross-resource",
    title: "A token for one resource does not open another",
    async run(context) {
      const form = await ssoForm(context);
      const { request: other } = await provisionSync(context);
      expectRefused(await context.addon.sso({ ...form, resource_id: other.uuid }), "a token signed for another resource");
    },
  },
  {
    id: "sso.cookie",
    title: "The session cookie is HttpOnly, has a SameSite policy, and is Secure over https",
    async run(context) {
      const answer = await context.addon.sso(await ssoForm(context));
      expectSignedIn(answer, "a valid form");
      const https = context.addon.baseUrl.protocol === "https:";
      for (const cookie of answer.headers.getSetCookie()) {
        const name = cookie.slice(0, cookie.indexOf("="));
        const attributes = cookie
          .toLowerCase()
          .split(";")
          .map((part) => part.trim());
        expectThat(attributes.includes("httponly"), `cookie ${name} must be HttpOnly, or a script on the page can steal the session`);
        expectThat(
          attributes.some((part) => part.startsWith("samesite=")),
          `cookie ${name} must say SameSite (Lax or Strict)`,
        );
        if (https) expectThat(attributes.includes("secure"), `cookie ${name} must be Secure over https`);
      }
    },
  },
];
