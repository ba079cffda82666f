import { jobListsSchema, retriedSchema, retryJobInputSchema } from "@addon-kit/contracts";
import { retryJob } from "@addon-kit/domain";
import { operatorProcedure, router, viewerProcedure } from "../trpc.ts";

export const operationsRouter = router({
  /** Jobs that need attention: failed for good, waiting to retry, or not yet run. */
  jobs: viewerProcedure.output(jobListsSchema).query(async ({ ctx }) => ({
    failed: await ctx.jobs.listJobs({ states: ["failed"], limit: 100 }),
    pending: await ctx.jobs.listJobs({ states: ["created", "retry", "active"], limit: 100 }),
  })),
  retryJob: operatorProcedure
    .input(retryJobInputSchema)
    .output(retriedSchema)
    .mutation(async ({ ctx, input }) => {
      await retryJob(ctx, input, ctx.staff.email);
      return { retried: true as const };
    }),
});
