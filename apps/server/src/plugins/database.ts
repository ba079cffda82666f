import type { MikroORM } from "@mikro-orm/core";
import fp from "fastify-plugin";
import { schema } from "@addon-kit/domain";
import { openDatabase } from "@addon-kit/infrastructure";
import type { AppConfig } from "../config/load-config.ts";

declare module "fastify" {
  interface FastifyInstance {
    orm: MikroORM;
  }
}

/** Opens the database (migrating it) for the app's lifetime; handlers fork `orm.em` per request. */
export const databasePlugin = fp<{ config: AppConfig }>(
  async (app, { config }) => {
    const orm = await openDatabase(config.database, schema);
    app.decorate("orm", orm);
    app.addHook("onClose", async () => {
      await orm.close();
    });
  },
  { name: "database" },
);
