import {
  resourceDetailWithJobsSchema,
  resourceIdInputSchema,
  resourceListInputSchema,
  resourcePageSchema,
  retriedSchema,
  rotateCredentialsInputSchema,
  rotatedSchema,
} from "@addon-kit/contracts";
import { listResources, resourceDetail, retryProvision, rotateCredentials } from "@addon-kit/domain";
import { operatorProcedure, router, viewerProcedure } from "../trpc.ts";

export const resourcesRouter = router({
  list: viewerProcedure
    .input(resourceListInputSchema)
    .output(resourcePageSchema)
    .query(({ ctx, input }) => listResources(ctx.em, input)),
  detail: viewerProcedure
    .input(resourceIdInputSchema)
    .output(resourceDetailWithJobsSchema)
    .query(async ({ ctx, input }) => ({
      ...(await resourceDetail(ctx.em, input.id)),
      jobs: await ctx.jobs.listJobs({ resourceId: input.id, limit: 50 }),
    })),
  /** A failed asynchronous provision, started again inside Heroku's 12-hour window. */
  retryProvision: operatorProcedure
    .input(resourceIdInputSchema)
    .output(retriedSchema)
    .mutation(async ({ ctx, input }) => {
      await retryProvision(ctx, input.id, { staffEmail: ctx.staff.email });
      return { retried: true as const };
    }),
  rotateCredentials: operatorProcedure
    .input(rotateCredentialsInputSchema)
    .output(rotatedSchema)
    .mutation(async ({ ctx, input }) => ({
      rotated: await rotateCredentials(ctx, input.id, { staffEmail: ctx.staff.email, graceSeconds: input.graceSeconds }),
    })),
});
