import { z } from "zod";

/**
 * Wire formats of the Add-on Partner API v3 (Heroku -> provider). Heroku may add fields at
 * any time and asks providers to accept them, so request objects are loose; response objects
 * strip unknown keys, so a route's response schema is an allow-list of what leaves the service.
 */

/** Heroku's ids are 8-4-4-4-12 hex, not always RFC 9562 version-tagged, hence guid and not uuid. */
export const herokuUuidSchema = z.guid("must be a Heroku add-on uuid");

export const oauthGrantSchema = z.object({
  code: z.string().min(1).max(512),
  expires_at: z.string().max(64),
  type: z.string().max(64),
});

/** `heroku addons:create x -- --flag value`: Heroku forwards options unvalidated. */
export const provisionOptionsSchema = z.record(z.string().max(200), z.unknown());

export const provisionRequestSchema = z.looseObject({
  uuid: herokuUuidSchema,
  plan: z.string().min(1, "plan is required").max(200),
  region: z.string().min(1, "region is required").max(200),
  name: z.string().min(1).max(256).optional(),
  callback_url: z.url().max(2048).optional(),
  oauth_grant: oauthGrantSchema.nullish(),
  options: provisionOptionsSchema.nullish(),
  log_input_url: z.url().max(2048).nullish(),
  log_drain_token: z.string().max(256).nullish(),
});
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
  plan: z.string().min(1, "plan is required").max(200),
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
