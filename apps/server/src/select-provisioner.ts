import { type Provisioner, apiKeyTenantProvisioner } from "@addon-kit/domain";
import { defaultConfigVarsPrefix } from "@addon-kit/contracts";
import type { AppConfig } from "./config/load-config.ts";

/** The built-in provisioner named by `PROVISIONER`. */
export function selectProvisioner(config: AppConfig): Provisioner {
  switch (config.provisioner) {
    case "api-key-tenant":
      return apiKeyTenantProvisioner({
        configVarsPrefix: config.manifest.api.config_vars_prefix ?? defaultConfigVarsPrefix(config.manifest.id),
        productUrl: config.productUrl,
      });
  }
}
