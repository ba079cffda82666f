import { hkdfSync } from "node:crypto";
import { type TenantProvisioner, apiKeyTenantProvisioner } from "@addon-kit/domain";
import { defaultConfigVarsPrefix } from "@addon-kit/contracts";
import { pgSslOptions } from "@addon-kit/infrastructure";
import { PostgresDatabaseProvisioner, TenantCluster } from "@addon-kit/postgres-database";
import type { AppConfig } from "./config/load-config.ts";
import type { ProductConnection } from "./product/product-connection.ts";

/** The built-in provisioner named by `PROVISIONER`. */
export function selectProvisioner(config: AppConfig, product: ProductConnection): TenantProvisioner {
  const configVarsPrefix = config.manifest.api.config_vars_prefix ?? defaultConfigVarsPrefix(config.manifest.id);
  switch (config.provisioner) {
    case "api-key-tenant":
      return apiKeyTenantProvisioner({ configVarsPrefix, productUrl: config.productUrl });
    case "http":
      // loadConfig refuses PROVISIONER=http without PRODUCT_API_URL.
      if (!product.provisioner) throw new Error("PROVISIONER=http without PRODUCT_API_URL");
      return product.provisioner;
    case "postgres-database": {
      // loadConfig refuses PROVISIONER=postgres-database without TENANT_DATABASE_URL.
      const cluster = config.tenantDatabases;
      if (!cluster) throw new Error("PROVISIONER=postgres-database without TENANT_DATABASE_URL");
      return new PostgresDatabaseProvisioner({
        cluster: new TenantCluster(cluster.adminUrl, { ssl: pgSslOptions(cluster.ssl) }),
        publicUrl: cluster.publicUrl,
        configVarsPrefix,
        passwordKey: Buffer.from(hkdfSync("sha256", config.encryptionKey, "addon-kit", "tenant-database-passwords", 32)),
        syncProvisionWaitMs: cluster.provisionWaitMs,
        policy: { retentionMs: cluster.retentionMs, storageGraceMs: cluster.storageGraceMs },
      });
    }
  }
}

/** Closes what a built-in provisioner holds open (the tenants' cluster's connections), once no job can use it. */
export async function closeProvisioner(provisioner: TenantProvisioner): Promise<void> {
  if (provisioner instanceof PostgresDatabaseProvisioner) await provisioner.end();
}
