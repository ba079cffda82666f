import { z } from "zod";
import { storableJsonObject, storableText } from "./storable.ts";
import { calledUrlSchema } from "./called-url.ts";

/**
 * Wire formats of the Add-on Partner API v3 (Heroku -> provider). Heroku may add fields at
 * any time and asks providers to accept them, so request objects are loose; response objects
 * strip unknown keys, so a route's response schema is an allow-list of what leaves the service.
 */

/** Heroku's ids are 8-4-4-4-12 hex, not always RFC 9562 version-tagged, hence guid and not uuid. */
export const herokuUuidSchema = z.guid("must be a Heroku add-on uuid");

export const oauthGrantSchema = z.object({
  code: storableText(512).min(1),
  expires_at: storableText(64),
  type: storableText(64),
});

/** `heroku addons:create x -- --flag value`: Heroku forwards options unvalidated. */
export const provisionOptionsSchema = storableJsonObject(storableText(200));

/**
 * What Heroku posts to provision. `callback_url` and `log_input_url` are called later, so only
 * https is taken; `allowLoopbackHttp` lets a fake Heroku on this machine in (never in production).
 */
export function provisionRequestSchemaFor(options: { allowLoopbackHttp: boolean }) {
  return z.looseObject({
    uuid: herokuUuidSchema,
    plan: storableText(200).min(1, "plan is required"),
    region: storableText(200).min(1, "region is required"),
    name: storableText(255).min(1).optional(),
    callback_url: calledUrlSchema(options).optional(),
    oauth_grant: oauthGrantSchema.nullish(),
    options: provisionOptionsSchema.nullish(),
    log_input_url: calledUrlSchema(options).nullish(),
    log_drain_token: storableText(256).nullish(),
  });
}
/** The production schema: https URLs only. */
export const provisionRequestSchema = provisionRequestSchemaFor({ allowLoopbackHttp: false });
export type ProvisionRequest = z.infer<typeof provisionRequestSchema>;

export const configVarsSchema = z.record(z.string(), z.string());
export type ConfigVars = z.infer<typeof configVarsSchema>;

export const syncProvisionResponseSchema = z.object({
  id: z.string(),
  config: configVarsSchema,
  message: z.string(),
});
export const asyncProvisionResponseSchema = z.object({
  id: z.string(),
  message: z.string(),
});

export const planChangeRequestSchema = z.looseObject({
  plan: storableText(200).min(1, "plan is required"),
});
export type PlanChangeRequest = z.infer<typeof planChangeRequestSchema>;

export const planChangeResponseSchema = z.object({
  message: z.string(),
  config: configVarsSchema.optional(),
});

export const resourcePathSchema = z.strictObject({ uuid: herokuUuidSchema });

/** Every error the service answers, to Heroku and to any other client. */
export const errorResponseSchema = z.object({ message: z.string() });
export type ErrorResponse = z.infer<typeof errorResponseSchema>;
