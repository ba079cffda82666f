import { z } from "zod";
import { resourceStates } from "./states.ts";
import { storableText } from "./storable.ts";

/**
 * The contract between addon-kit and a vendor's product written in any language: the calls
 * addon-kit makes to the product's provisioning API (`PROVISIONER=http`). The OpenAPI document
 * in `@addon-kit/product` is generated from these schemas; `.meta()` texts become its
 * descriptions. Requests are what addon-kit sends (strict, so a product can validate them
 * strictly); answers are what it accepts from the product (unknown fields ignored).
 */

/** A Heroku uuid: 8-4-4-4-12 hex, not always RFC 9562 version-tagged. */
const herokuUuid = z.guid().meta({ description: "Heroku's id for the add-on (`uuid` in the Partner API). The product's tenant key." });

export const productResourceSchema = z
  .object({
    id: z.uuid().meta({ description: "addon-kit's id for the resource: the provider id Heroku shows for the add-on." }),
    heroku_uuid: herokuUuid,
    name: z.string().meta({ description: "The add-on's globally unique name on Heroku, e.g. `example-metrics-curved-12345`." }),
    plan: z.string().meta({ description: "The plan's slug, as in the plan catalog." }),
    region: z.string().meta({ description: "The region of the app the add-on was created for, e.g. `amazon-web-services::us-east-1`." }),
    state: z.enum(resourceStates),
    options: z.record(z.string(), z.unknown()).meta({ description: "Options the customer passed to `heroku addons:create -- --flag value`, unvalidated." }),
  })
  .strict()
  .meta({ id: "Resource", description: "An add-on resource: one tenant of the product." });
export type ProductResource = z.infer<typeof productResourceSchema>;

export const productPlanSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    limits: z.record(z.string(), z.number()).meta({ description: "The plan catalog's numeric limits, for the product to enforce." }),
  })
  .strict()
  .meta({ id: "Plan" });
export type ProductPlan = z.infer<typeof productPlanSchema>;

/**
 * Config vars the product answers: names the manifest declares (addon-kit checks), values the
 * database and Heroku can hold.
 */
export const productConfigSchema = z.record(z.string().regex(/^[A-Z][0-9A-Z_]*$/), storableText(8192)).meta({
  id: "ConfigVars",
  description: "Config vars for the apps the add-on is attached to. Every name must be one the add-on manifest declares in `api.config_vars`.",
});

export const createTenantRequestSchema = z.object({ resource: productResourceSchema, plan: productPlanSchema }).strict().meta({ id: "CreateTenantRequest" });
export type CreateTenantRequest = z.infer<typeof createTenantRequestSchema>;
export const createTenantAnswerSchema = z.object({ config: productConfigSchema }).meta({ id: "CreateTenantAnswer" });
export type CreateTenantAnswer = z.infer<typeof createTenantAnswerSchema>;

export const changePlanRequestSchema = z
  .object({ resource: productResourceSchema, plan: productPlanSchema, previous_plan: productPlanSchema })
  .strict()
  .meta({ id: "ChangePlanRequest", description: "`resource.plan` is still the previous plan: the change is recorded once the product accepts it." });
export type ChangePlanRequest = z.infer<typeof changePlanRequestSchema>;
export const changePlanAnswerSchema = z
  .object({ config: productConfigSchema.optional().meta({ description: "Only the config vars that change, if any: Heroku then releases the apps." }) })
  .meta({ id: "ChangePlanAnswer" });
export type ChangePlanAnswer = z.infer<typeof changePlanAnswerSchema>;

export const rotateCredentialsRequestSchema = z.object({ resource: productResourceSchema }).strict().meta({ id: "RotateCredentialsRequest" });
export type RotateCredentialsRequest = z.infer<typeof rotateCredentialsRequestSchema>;
export const rotateCredentialsAnswerSchema = z
  .object({ config: productConfigSchema.meta({ description: "The config vars holding the new credentials." }) })
  .meta({ id: "RotateCredentialsAnswer" });
export type RotateCredentialsAnswer = z.infer<typeof rotateCredentialsAnswerSchema>;

export const retireCredentialsRequestSchema = z
  .object({
    resource: productResourceSchema,
    retire_at: z.iso.datetime().meta({ description: "When every credential replaced by a rotation so far must stop working." }),
    grace_seconds: z.number().int().min(0),
    rotation_key: z.string().min(1).max(200).optional().meta({
      description:
        "The idempotency key of the rotation whose credentials Heroku now has. Those, and any issued after them (a rotation that was never recorded), keep working; only those issued before end. Absent for a rotation an older addon-kit recorded: then keep the newest.",
    }),
  })
  .strict()
  .meta({ id: "RetireCredentialsRequest", description: "Sent once Heroku has the new config vars and is releasing the apps." });
export type RetireCredentialsRequest = z.infer<typeof retireCredentialsRequestSchema>;

/** Any answer the product gives to refuse; the message reaches the customer as it is. */
export const productRefusalSchema = z
  .object({ message: storableText(1000).trim().min(1) })
  .meta({ id: "Refusal", description: "Shown to the customer in the Heroku CLI or Dashboard." });

/**
 * How addon-kit reads one answer of the product: 2xx with a body that matches the contract is
 * done; a 4xx is a refusal whose message the customer sees, except those that ask to try again
 * or mean the request never reached the product's decision (401, 403, 404, 405, 408, 409, 413,
 * 415, 425, 429); anything else (those, 5xx, a body that does not match, no answer in time, a
 * redirect) is unavailable, to be tried again.
 */
export type ProductAnswer<T> = { status: number | null; ms: number } & (
  { outcome: "done"; value: T } | { outcome: "refused"; message: string } | { outcome: "unavailable"; reason: string }
);
