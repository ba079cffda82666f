import closeWithGrace from "close-with-grace";
import { describeDatabase } from "@addon-kit/infrastructure";
import { buildApp } from "./app.ts";
import { ConfigError } from "./config/config-error.ts";
import { loadConfig } from "./config/load-config.ts";

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await buildApp(config);
  // Heroku sends SIGTERM and kills the dyno 30 seconds later: finish within that.
  closeWithGrace({ delay: 25_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, "shutting down after an uncaught error");
    else app.log.info({ signal }, "shutting down");
    await app.close();
  });
  await app.listen({ port: config.port, host: config.host });
  app.log.info(`addon-kit is serving ${config.manifest.id} on ${describeDatabase(config.database)}`);
}

// Only as the process's entry point: the build imports this module to fill Node's compile cache.
if (import.meta.main) {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(`addon-kit cannot start: ${error.message}`);
    } else {
      console.error("addon-kit failed to start:", error);
    }
    process.exitCode = 1;
  });
}
