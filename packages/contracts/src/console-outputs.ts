import { z } from "zod";
import { jobSummarySchema } from "./jobs.ts";
import { provisioningModes } from "./plan-catalog.ts";
import { deliveryStatuses, resourceStates, staffRoles } from "./states.ts";

/**
 * What the staff console's tRPC procedures answer. Each procedure declares its schema as
 * `.output()`, an allow-list as a REST route's response schema is: a field the domain adds
 * does not reach the browser until it is named here.
 */

const instant = z.iso.datetime();

export const staffProfileSchema = z.object({ email: z.string(), name: z.string(), role: z.enum(staffRoles) });

export const resourceRowSchema = z.object({
  id: z.uuid(),
  herokuUuid: z.uuid(),
  name: z.string(),
  plan: z.string(),
  region: z.string(),
  state: z.enum(resourceStates),
  createdAt: instant,
});
export const resourcePageSchema = z.object({ items: z.array(resourceRowSchema), nextCursor: z.string().nullable() });
export type ResourcePage = z.infer<typeof resourcePageSchema>;

export const resourceDetailSchema = z.object({
  id: z.uuid(),
  herokuUuid: z.uuid(),
  name: z.string(),
  state: z.enum(resourceStates),
  failureReason: z.string().nullable(),
  region: z.string(),
  options: z.record(z.string(), z.unknown()),
  plan: z.object({ slug: z.string(), name: z.string(), monthlyPriceCents: z.number().int() }),
  createdAt: instant,
  provisionedAt: instant.nullable(),
  deprovisionedAt: instant.nullable(),
  configPushedAt: instant.nullable(),
  attachments: z.array(z.object({ id: z.uuid(), appName: z.string(), name: z.string(), attachedAt: instant, detachedAt: instant.nullable() })),
  events: z.array(z.object({ id: z.number().int(), type: z.string(), actor: z.string(), message: z.string(), createdAt: instant })),
  /** Recent Heroku SSO sign-ins, newest first: into the built-in dashboard, or handed to the product (completed once its provider issued a code). */
  signIns: z.array(
    z.object({
      at: instant,
      email: z.string().nullable(),
      herokuUserId: z.string().nullable(),
      verified: z.boolean(),
      into: z.enum(["dashboard", "product"]),
      completed: z.boolean(),
    }),
  ),
});
export type ResourceDetail = z.infer<typeof resourceDetailSchema>;
export const resourceDetailWithJobsSchema = resourceDetailSchema.extend({ jobs: z.array(jobSummarySchema) });

export const planSummarySchema = z.array(
  z.object({
    slug: z.string(),
    name: z.string(),
    active: z.boolean(),
    provisioning: z.enum(provisioningModes),
    monthlyPriceCents: z.number().int(),
    limits: z.record(z.string(), z.number()),
    installs: z.number().int(),
    monthlyRevenueCents: z.number().int(),
  }),
);
export type PlanSummary = z.infer<typeof planSummarySchema>;

export const businessOverviewSchema = z.object({
  resources: z.record(z.enum(resourceStates), z.number().int()),
  perDay: z.array(z.object({ day: z.iso.date(), provisions: z.number().int(), deprovisions: z.number().int() })),
  revenueByPlan: z.array(z.object({ slug: z.string(), name: z.string(), installs: z.number().int(), monthlyRevenueCents: z.number().int() })),
  monthlyRevenueCents: z.number().int(),
});
export type BusinessOverview = z.infer<typeof businessOverviewSchema>;

export const jobListsSchema = z.object({ failed: z.array(jobSummarySchema), pending: z.array(jobSummarySchema) });

export const auditPageSchema = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      actor: z.string(),
      action: z.string(),
      target: z.string().nullable(),
      detail: z.record(z.string(), z.unknown()).nullable(),
      createdAt: instant,
    }),
  ),
  nextCursor: z.number().int().nullable(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;

export const staffMemberViewSchema = z.object({
  email: z.string(),
  name: z.string(),
  role: z.enum(staffRoles),
  disabled: z.boolean(),
  locked: z.boolean(),
  lastSignInAt: instant.nullable(),
});

export const retriedSchema = z.object({ retried: z.literal(true) });
export const rotatedSchema = z.object({ rotated: z.array(z.string()) });
export const signedOutSchema = z.object({ signedOut: z.literal(true) });

export const deliveryPageSchema = z.object({
  items: z.array(
    z.object({
      sequence: z.number().int(),
      eventId: z.uuid(),
      type: z.string(),
      resource: z.object({ id: z.uuid(), name: z.string() }),
      status: z.enum(deliveryStatuses),
      attempts: z.number().int(),
      lastAttemptAt: instant.nullable(),
      lastStatus: z.number().int().nullable(),
      lastResponseMs: z.number().int().nullable(),
      lastError: z.string().nullable(),
      deliveredAt: instant.nullable(),
      createdAt: instant,
    }),
  ),
  nextCursor: z.number().int().nullable(),
  /** Whether events are delivered at all (an events URL is configured), and the product's circuit breaker. */
  eventsUrlConfigured: z.boolean(),
  breaker: z
    .object({ consecutiveFailures: z.number().int(), openUntil: instant.nullable(), lastFailure: z.string().nullable(), lastFailureAt: instant.nullable() })
    .nullable(),
});
export type DeliveryPage = z.infer<typeof deliveryPageSchema>;
export const redeliveredSchema = z.object({ redelivered: z.literal(true) });
