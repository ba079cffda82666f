import { type InferEntity, defineEntity, p } from "@mikro-orm/core";
import { provisioningModes } from "@addon-kit/contracts";

/** A plan from the catalog file. Plans leave the catalog by becoming inactive, never by deletion. */
export const Plan = defineEntity({
  name: "Plan",
  tableName: "plans",
  properties: {
    slug: p.string().primary(),
    name: p.string(),
    monthlyPriceCents: p.integer(),
    limits: p.json<Record<string, number>>(),
    provisioning: p.enum(provisioningModes),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type Plan = InferEntity<typeof Plan>;
