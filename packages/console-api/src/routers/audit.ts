import { auditListInputSchema, auditPageSchema } from "@addon-kit/contracts";
import { listAudit } from "@addon-kit/domain";
import { router, viewerProcedure } from "../trpc.ts";

export const auditRouter = router({
  list: viewerProcedure
    .input(auditListInputSchema)
    .output(auditPageSchema)
    .query(({ ctx, input }) => listAudit(ctx.em, input)),
});
