import { resourceIdInputSchema, resourceListInputSchema, rotateCredentialsInputSchema } from "@addon-kit/contracts";
import { listResources, recordAudit, resourceDetail, retryProvision, rotateCredentials } from "@addon-kit/domain";
import { procedureFor, router } from "./trpc.ts";

export const resourcesRouter = router({
  list: procedureFor("viewer")
    .input(resourceListInputSchema)
    .query(({ ctx, input }) => listResources(ctx.em, input)),

  detail: procedureFor("viewer")
    .input(resourceIdInputSchema)
    .query(async ({ ctx, input }) => ({
      ...(await resourceDetail(ctx.em, input.id)),
      jobs: await ctx.jobs.listJobs({ resourceId: input.id, limit: 50 }),
    })),

  /** A failed asynchronous provision, started again inside Heroku's 12-hour window. */
  retryProvision: procedureFor("operator")
    .input(resourceIdInputSchema)
    .mutation(async ({ ctx, input }) => {
      await retryProvision(ctx, input.id, { staffEmail: ctx.staff.email });
      return { retried: true };
    }),

  rotateCredentials: procedureFor("operator")
    .input(rotateCredentialsInputSchema)
    .mutation(async ({ ctx, input }) => {
      const actor = `staff:${ctx.staff.email}`;
      const rotated = await rotateCredentials(ctx, input.id, { actor, graceSeconds: input.graceSeconds });
      recordAudit(ctx.em, { actor: ctx.staff.email, action: "resource.rotate_credentials", target: `resource:${input.id}`, detail: { rotated, graceSeconds: input.graceSeconds } });
      await ctx.em.flush();
      return { rotated };
    }),
});
