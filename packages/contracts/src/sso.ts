import { z } from "zod";

/**
 * The form Heroku makes the customer's browser post to `sso_url` (or the same as a query
 * string). `id`/`token` are the legacy names of `resource_id`/`resource_token`.
 */
export const ssoRequestSchema = z
  .looseObject({
    resource_id: z.string().min(1).max(64).optional(),
    id: z.string().min(1).max(64).optional(),
    timestamp: z.string().max(20),
    resource_token: z.string().max(128).optional(),
    token: z.string().max(128).optional(),
    user_scoped_resource_token: z.string().max(128).optional(),
    user_id: z.string().max(255).optional(),
    email: z.string().max(254).optional(),
    app: z.string().max(255).optional(),
    context_app: z.string().max(255).optional(),
    "nav-data": z.string().max(8192).optional(),
  })
  .transform((form, ctx) => {
    const resourceId = form.resource_id ?? form.id;
    if (resourceId === undefined) {
      ctx.addIssue({ code: "custom", path: ["resource_id"], message: "resource_id is required" });
      return z.NEVER;
    }
    return {
      resourceId,
      timestamp: form.timestamp,
      resourceToken: form.resource_token ?? form.token,
      userScopedToken: form.user_scoped_resource_token,
      userId: form.user_id,
      email: form.email,
      app: form.app,
      contextApp: form.context_app,
    };
  });
export type SsoRequest = z.output<typeof ssoRequestSchema>;
