import { z } from "zod";
import { herokuUuidSchema } from "./partner-api.ts";
import { isStorableText, storableText } from "./storable.ts";

/** The fields of Heroku's SSO form; anything else it carries came from the add-on link. */
const ssoFields = new Set([
  "resource_id",
  "id",
  "timestamp",
  "resource_token",
  "token",
  "user_scoped_resource_token",
  "user_id",
  "email",
  "app",
  "context_app",
  "nav-data",
]);

/** Bounds on the parameters carried to the product: a few short, plain ones. */
export const deepLinkLimits = { parameters: 10, nameLength: 64, valueLength: 256 };

/**
 * The add-on link's extra query parameters, which Heroku forwards into the SSO form (its docs'
 * example is `?issue_no=42`): plain names and short text only, the first ten. Anything else is
 * left out rather than refused: a strange link must not keep the customer out of the add-on.
 */
function deepLinkOf(form: Record<string, unknown>): Record<string, string> {
  const kept = Object.entries(form).filter(
    (entry): entry is [string, string] =>
      !ssoFields.has(entry[0]) &&
      new RegExp(`^[A-Za-z0-9_.-]{1,${deepLinkLimits.nameLength}}$`).test(entry[0]) &&
      typeof entry[1] === "string" &&
      entry[1].length <= deepLinkLimits.valueLength &&
      isStorableText(entry[1]),
  );
  return Object.fromEntries(kept.slice(0, deepLinkLimits.parameters));
}

/**
 * The form Heroku makes the customer's browser post to `sso_url` (or the same as a query
 * string). `id`/`token` are the legacy names of `resource_id`/`resource_token`.
 */
export const ssoRequestSchema = z
  .looseObject({
    // Heroku's add-on uuid: the only kind of id a resource is found by.
    resource_id: herokuUuidSchema.optional(),
    id: herokuUuidSchema.optional(),
    timestamp: z.string().max(20),
    resource_token: z.string().max(128).optional(),
    token: z.string().max(128).optional(),
    user_scoped_resource_token: z.string().max(128).optional(),
    user_id: storableText(255).optional(),
    email: storableText(254).optional(),
    app: storableText(255).optional(),
    context_app: storableText(255).optional(),
    "nav-data": z.string().max(8192).optional(),
  })
  .transform((form, ctx) => {
    const resourceId = form.resource_id ?? form.id;
    if (resourceId === undefined) {
      ctx.addIssue({ code: "custom", path: ["resource_id"], message: "resource_id is required" });
      return z.NEVER;
    }
    // Legacy and current names must not disagree: which one counts would be a guess.
    for (const [current, legacy] of [
      ["resource_id", "id"],
      ["resource_token", "token"],
    ] as const) {
      if (form[current] !== undefined && form[legacy] !== undefined && form[current] !== form[legacy]) {
        ctx.addIssue({ code: "custom", path: [legacy], message: `${legacy} differs from ${current}` });
        return z.NEVER;
      }
    }
    return {
      resourceId,
      timestamp: form.timestamp,
      resourceToken: form.resource_token ?? form.token,
      userScopedToken: form.user_scoped_resource_token,
      userId: form.user_id,
      email: form.email,
      app: form.app,
      contextApp: form.context_app,
      deepLink: deepLinkOf(form),
    };
  });
export type SsoRequest = z.output<typeof ssoRequestSchema>;
