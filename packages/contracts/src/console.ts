import { z } from "zod";
import { deliveryStatuses, resourceStates, staffRoles } from "./states.ts";
import { storableText } from "./storable.ts";

/** Inputs of the staff console's tRPC procedures; the console's forms use the same schemas. */

const email = z
  .email()
  .max(254)
  .transform((value) => value.toLowerCase());
export const staffRoleSchema = z.enum(staffRoles);

export const signInInputSchema = z.object({ email, password: storableText(200).min(1) });

export const resourceListInputSchema = z.object({
  state: z.enum(resourceStates).optional(),
  plan: storableText(100).optional(),
  region: storableText(100).optional(),
  search: storableText(200).optional(),
  cursor: storableText(200).nullish(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type ResourceListInput = z.output<typeof resourceListInputSchema>;

export const resourceIdInputSchema = z.object({ id: z.uuid() });

export const rotateCredentialsInputSchema = z.object({
  id: z.uuid(),
  /** How long the old credentials keep working: long enough for every attached app to release. */
  graceSeconds: z
    .number()
    .int()
    .min(300, "must be at least 300 seconds, for the apps to release")
    .max(7 * 86_400)
    .default(3_600),
});

export const retryJobInputSchema = z.object({ queue: storableText(100).min(1), id: z.uuid() });

export const newStaffMemberSchema = z.object({
  email,
  name: storableText(200).trim().min(1),
  role: staffRoleSchema,
  password: storableText(200).min(12, "must be at least 12 characters"),
});

export const staffUpdateInputSchema = z.object({ email, role: staffRoleSchema.optional(), disabled: z.boolean().optional() });

/** `cursor` is the last id of the previous page (newest first). */
export const auditListInputSchema = z.object({ cursor: z.number().int().positive().nullish(), limit: z.number().int().min(1).max(200).default(50) });

/** Lifecycle events and their delivery, newest first; `cursor` is the last sequence of the previous page. */
export const deliveryListInputSchema = z.object({
  status: z.enum(deliveryStatuses).optional(),
  resourceId: z.uuid().optional(),
  cursor: z.number().int().positive().nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type DeliveryListInput = z.output<typeof deliveryListInputSchema>;

export const redeliverInputSchema = z.object({ eventId: z.uuid() });
