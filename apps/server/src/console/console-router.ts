import { auditRouter } from "./audit-router.ts";
import { businessRouter } from "./business-router.ts";
import { operationsRouter } from "./operations-router.ts";
import { resourcesRouter } from "./resources-router.ts";
import { sessionRouter } from "./session-router.ts";
import { staffRouter } from "./staff-router.ts";
import { router } from "./trpc.ts";

/** The staff console's API; the console imports this type, never a copy of it. */
export const consoleRouter = router({
  session: sessionRouter,
  business: businessRouter,
  resources: resourcesRouter,
  operations: operationsRouter,
  staff: staffRouter,
  audit: auditRouter,
});

export type ConsoleRouter = typeof consoleRouter;
