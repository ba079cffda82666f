import { Migration20261123063418 } from "./migrations/Migration20261123063418.ts";
import { Migration20261123065323_customer_sessions } from "./migrations/Migration20261123065323_customer_sessions.ts";
import { Migration20261123070340_heroku_integration } from "./migrations/Migration20261123070340_heroku_integration.ts";
import { Migration20261123075941_staff_console } from "./migrations/Migration20261123075941_staff_console.ts";
import { Migration20261201223810_hardening_and_scale_out } from "./migrations/Migration20261201223810_hardening_and_scale_out.ts";
import { Migration20261202010736_resource_foreign_keys } from "./migrations/Migration20261202010736_resource_foreign_keys.ts";
import { Migration20261202164239_product_connection } from "./migrations/Migration20261202164239_product_connection.ts";
import { Migration20261202182849_oidc_provider } from "./migrations/Migration20261202182849_oidc_provider.ts";
import { Migration20261203030527_tenant_databases } from "./migrations/Migration20261203030527_tenant_databases.ts";
import { Migration20261203071135_rotation_key } from "./migrations/Migration20261203071135_rotation_key.ts";
import { Migration20261203074109_read_only_size } from "./migrations/Migration20261203074109_read_only_size.ts";

/** Every migration, oldest first. `npm run migration:create -w @addon-kit/domain` writes new ones; list them here. */
export const migrations = [
  Migration20261123063418,
  Migration20261123065323_customer_sessions,
  Migration20261123070340_heroku_integration,
  Migration20261123075941_staff_console,
  Migration20261201223810_hardening_and_scale_out,
  Migration20261202010736_resource_foreign_keys,
  Migration20261202164239_product_connection,
  Migration20261202182849_oidc_provider,
  Migration20261203030527_tenant_databases,
  Migration20261203071135_rotation_key,
  Migration20261203074109_read_only_size,
];
