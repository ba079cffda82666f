import { auditRouter } from "./routers/audit.ts";
import { businessRouter } from "./routers/business.ts";
import { deliveriesRouter } from "./routers/deliveries.ts";
import { operationsRouter } from "./routers/operations.ts";
import { resourcesRouter } from "./routers/resources.ts";
import { sessionRouter } from "./routers/session.ts";
import { staffRouter } from "./routers/staff.ts";
import { router } from "./trpc.ts";

/** The staff console's API; the console imports this type, never a copy of it. */
export const consoleRouter = router({
  session: sessionRouter,
  business: businessRouter,
  resources: resourcesRouter,
  operations: operationsRouter,
  deliveries: deliveriesRouter,
  staff: staffRouter,
  audit: auditRouter,
});

export type ConsoleRouter = typeof consoleRouter;
