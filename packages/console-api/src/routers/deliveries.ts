import { deliveryListInputSchema, deliveryPageSchema, redeliverInputSchema, redeliveredSchema } from "@addon-kit/contracts";
import { listDeliveries, redeliverEvent } from "@addon-kit/domain";
import { operatorProcedure, router, viewerProcedure } from "../trpc.ts";

/** Lifecycle events delivered to the product's events URL, and the delivery log. */
export const deliveriesRouter = router({
  list: viewerProcedure
    .input(deliveryListInputSchema)
    .output(deliveryPageSchema)
    .query(({ ctx, input }) => listDeliveries(ctx.em, input, { eventsUrlConfigured: ctx.eventsUrlConfigured })),
  redeliver: operatorProcedure
    .input(redeliverInputSchema)
    .output(redeliveredSchema)
    .mutation(async ({ ctx, input }) => {
      await redeliverEvent(ctx, input.eventId, ctx.staff.email);
      return { redelivered: true as const };
    }),
});
