import { z } from "zod";

export const planSlugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be lower case letters, digits and dashes");

export const provisioningModes = ["sync", "async"] as const;
export type ProvisioningMode = (typeof provisioningModes)[number];

export const catalogPlanSchema = z.strictObject({
  slug: planSlugSchema,
  name: z.string().trim().min(1),
  monthlyPriceCents: z.int().nonnegative(),
  /** Numeric quotas the product enforces, by name (`requestsPerMonth`, `projects`, ...). */
  limits: z.record(z.string(), z.number().nonnegative()),
  provisioning: z.enum(provisioningModes),
});

export const planCatalogSchema = z.strictObject({ plans: z.array(catalogPlanSchema).min(1, "must list at least one plan") }).superRefine((catalog, ctx) => {
  const seen = new Set<string>();
  catalog.plans.forEach((plan, index) => {
    if (seen.has(plan.slug)) {
      ctx.addIssue({ code: "custom", path: ["plans", index, "slug"], message: `duplicate plan slug ${plan.slug}` });
    }
    seen.add(plan.slug);
  });
});

export type CatalogPlan = z.infer<typeof catalogPlanSchema>;
export type PlanCatalog = z.infer<typeof planCatalogSchema>;
