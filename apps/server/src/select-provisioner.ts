import { type TenantProvisioner, apiKeyTenantProvisioner } from "@addon-kit/domain";
import { defaultConfigVarsPrefix } from "@addon-kit/contracts";
import type { AppConfig } from "./config/load-config.ts";
import type { ProductConnection } from "./product/product-connection.ts";

/** The built-in provisioner named by `PROVISIONER`. */
export function selectProvisioner(config: AppConfig, product: ProductConnection): TenantProvisioner {
  switch (config.provisioner) {
    case "api-key-tenant":
      return apiKeyTenantProvisioner({
        configVarsPrefix: config.manifest.api.config_vars_prefix ?? defaultConfigVarsPrefix(config.manifest.id),
        productUrl: config.productUrl,
      });
    case "http":
      // loadConfig refuses PROVISIONER=http without PRODUCT_API_URL.
      if (!product.provisioner) throw new Error("PROVISIONER=http without PRODUCT_API_URL");
      return product.provisioner;
  }
}
