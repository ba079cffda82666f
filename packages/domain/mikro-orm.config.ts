import type { Options } from "@mikro-orm/core";
import { databaseOptions } from "@addon-kit/infrastructure";
import { schema } from "./src/schema.ts";

/**
 * For the MikroORM CLI only (`npm run migration:create -w @addon-kit/domain`): migrations
 * are diffed against the committed snapshot, so an empty in-memory database is enough.
 */
export default {
  ...(await databaseOptions({ kind: "pglite", dataDir: undefined }, schema)),
  migrations: { path: "./src/migrations", pathTs: "./src/migrations", snapshot: true, snapshotName: ".snapshot-addon-kit", emit: "ts" },
} satisfies Partial<Options>;
