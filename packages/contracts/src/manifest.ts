import { z } from "zod";

/** Capability flags Heroku knows in `api.requires`. */
export const manifestRequirements = ["attachable", "many_per_app", "log_input", "syslog_drain"] as const;

const httpsUrl = z.url({ protocol: /^https$/, error: "must be an https:// URL" });
const anyHttpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s):// URL" });

/** The default prefix Heroku derives from the slug when `config_vars_prefix` is absent. */
export function defaultConfigVarsPrefix(id: string): string {
  return id.toUpperCase().replaceAll("-", "_");
}

/**
 * The v3 add-on manifest, checked by the rules Heroku applies when it is pushed
 * (and that kensa checked): a manifest that passes here should not be refused there. Heroku
 * takes one without an `sso_url` (an add-on with no dashboard); addon-kit's own needs one.
 */
export const herokuManifestSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, "must be lower case letters, digits and dashes, starting with a letter"),
    name: z.string().trim().min(1, "must not be empty"),
    cli_plugin_name: z.string().optional(),
    api: z
      .object({
        config_vars_prefix: z
          .string()
          .regex(/^[A-Z][A-Z0-9_]*$/, "must be upper case letters, digits and underscores")
          .optional(),
        config_vars: z
          .array(z.string().regex(/^[A-Z][0-9A-Z_]+$/, "config var names must be upper case letters, digits and underscores"))
          .min(1, "must list at least one config var"),
        password: z.string().min(8, "must be 8 to 72 characters").max(72, "must be 8 to 72 characters"),
        sso_salt: z.string().min(8, "must be at least 8 characters"),
        regions: z.array(z.string().min(1)).min(1, "must name at least one region"),
        requires: z.array(z.enum(manifestRequirements)).default([]),
        production: z.object({ base_url: httpsUrl, sso_url: httpsUrl.optional() }),
        test: z.object({ base_url: anyHttpUrl, sso_url: anyHttpUrl }).optional(),
        version: z.literal("3", { error: 'must be "3" (Add-on Partner API v3)' }),
        username: z.never({ error: "is deprecated: Heroku authenticates with the add-on id" }).optional(),
      })
      .loose(),
  })
  .loose()
  .superRefine((manifest, ctx) => {
    const prefix = manifest.api.config_vars_prefix ?? defaultConfigVarsPrefix(manifest.id);
    manifest.api.config_vars.forEach((name, index) => {
      if (!name.startsWith(`${prefix}_`)) {
        ctx.addIssue({
          code: "custom",
          path: ["api", "config_vars", index],
          message: `${name} must start with the prefix ${prefix}_`,
        });
      }
    });
  });

export type HerokuManifest = z.infer<typeof herokuManifestSchema>;

/** The manifest addon-kit serves: Heroku's rules, and an `sso_url`, where it signs customers in. */
export const addonManifestSchema = herokuManifestSchema.transform((manifest, ctx) => {
  const ssoUrl = manifest.api.production.sso_url;
  if (!ssoUrl) {
    ctx.addIssue({ code: "custom", path: ["api", "production", "sso_url"], message: "is required: addon-kit signs customers in there" });
    return z.NEVER;
  }
  return { ...manifest, api: { ...manifest.api, production: { ...manifest.api.production, sso_url: ssoUrl } } };
});

export type AddonManifest = z.output<typeof addonManifestSchema>;
