import { z } from "zod";

/** pg-boss's job states, as the console filters and shows them. */
export const jobStateSchema = z.enum(["created", "retry", "active", "completed", "cancelled", "failed"]);
export type JobState = z.infer<typeof jobStateSchema>;

/** One background job, as the console lists it. */
export const jobSummarySchema = z.object({
  id: z.string(),
  queue: z.string(),
  state: jobStateSchema,
  resourceId: z.string().nullable(),
  attempts: z.number().int(),
  retryLimit: z.number().int(),
  createdAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
  error: z.string().nullable(),
});
export type JobSummary = z.infer<typeof jobSummarySchema>;

/** Per queue, for metrics: the same for every process, since it is the database's. */
export const queueHealthSchema = z.object({
  queue: z.string(),
  waiting: z.number().int(),
  active: z.number().int(),
  failed: z.number().int(),
  /** How long the oldest job that is due (not waiting out a retry delay) has waited. */
  oldestWaitingSeconds: z.number(),
  failedAttempts: z.number().int(),
});
export type QueueHealth = z.infer<typeof queueHealthSchema>;
