import { businessOverview, planSummary } from "@addon-kit/domain";
import { procedureFor, router } from "./trpc.ts";

export const businessRouter = router({
  overview: procedureFor("viewer").query(({ ctx }) => businessOverview(ctx.em)),
  plans: procedureFor("viewer").query(({ ctx }) => planSummary(ctx.em)),
});
