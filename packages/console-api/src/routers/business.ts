import { businessOverviewSchema, planSummarySchema } from "@addon-kit/contracts";
import { businessOverview, planSummary } from "@addon-kit/domain";
import { router, viewerProcedure } from "../trpc.ts";

export const businessRouter = router({
  overview: viewerProcedure.output(businessOverviewSchema).query(({ ctx }) => businessOverview(ctx.em)),
  plans: viewerProcedure.output(planSummarySchema).query(({ ctx }) => planSummary(ctx.em)),
});
