import closeWithGrace from "close-with-grace";
import { describeDatabase } from "@addon-kit/infrastructure";
import { ConfigError } from "./config/config-error.ts";
import { loadConfig } from "./config/load-config.ts";
import { startWorker } from "./jobs/start-worker.ts";

/** `npm run worker`: works background jobs without serving HTTP (set `JOBS_IN_PROCESS=false` on the web processes). */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const worker = await startWorker(config);
  // Heroku sends SIGTERM and kills the dyno 30 seconds later: finish within that.
  closeWithGrace({ delay: 25_000 }, async ({ signal, err }) => {
    if (err) worker.log.error({ err }, "shutting down after an uncaught error");
    else worker.log.info({ signal }, "shutting down");
    await worker.stop();
  });
  worker.log.info(`addon-kit worker is working jobs for ${config.manifest.id} on ${describeDatabase(config.database)}`);
}

// Only as the process's entry point: the build imports this module to fill Node's compile cache.
if (import.meta.main) {
  main().catch((error: unknown) => {
    console.error(error instanceof ConfigError ? `addon-kit worker cannot start: ${error.message}` : error);
    process.exitCode = 1;
  });
}
