import { Migration20261123063418 } from "./migrations/Migration20261123063418.ts";

/** Every migration, oldest first. `npm run migration:create -w @addon-kit/domain` writes new ones; list them here. */
export const migrations = [Migration20261123063418];
