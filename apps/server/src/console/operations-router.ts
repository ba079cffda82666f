import { retryJobInputSchema } from "@addon-kit/contracts";
import { JobNotFound, recordAudit } from "@addon-kit/domain";
import { procedureFor, router } from "./trpc.ts";

export const operationsRouter = router({
  /** Jobs that need attention: failed for good, waiting to retry, or not yet run. */
  jobs: procedureFor("viewer").query(async ({ ctx }) => ({
    failed: await ctx.jobs.listJobs({ states: ["failed"], limit: 100 }),
    pending: await ctx.jobs.listJobs({ states: ["created", "retry", "active"], limit: 100 }),
  })),

  retryJob: procedureFor("operator")
    .input(retryJobInputSchema)
    .mutation(async ({ ctx, input }) => {
      if (!(await ctx.jobs.retry(input.queue, input.id))) throw new JobNotFound(input.id);
      recordAudit(ctx.em, { actor: ctx.staff.email, action: "job.retry", target: `job:${input.queue}/${input.id}` });
      await ctx.em.flush();
      return { retried: true };
    }),
});
