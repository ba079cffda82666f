import { auditListInputSchema } from "@addon-kit/contracts";
import { listAudit } from "@addon-kit/domain";
import { procedureFor, router } from "./trpc.ts";

export const auditRouter = router({
  list: procedureFor("viewer")
    .input(auditListInputSchema)
    .query(({ ctx, input }) => listAudit(ctx.em, input)),
});
