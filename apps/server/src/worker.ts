import closeWithGrace from "close-with-grace";
import { pino } from "pino";
import { PgBossJobQueue, SecretBox, describeDatabase, openDatabase } from "@addon-kit/domain";
import { ConfigError } from "./config/config-error.ts";
import { loadConfig } from "./config/load-config.ts";
import { buildHerokuContext } from "./jobs/heroku-context.ts";
import { startJobWorker } from "./jobs/job-worker.ts";
import { selectProvisioner } from "./select-provisioner.ts";

/**
 * `npm run worker`: works background jobs without serving HTTP, for vendors who run several
 * machines (set `JOBS_IN_PROCESS=false` on the web ones). PostgreSQL only: the embedded
 * database belongs to the one server process.
 */
async function worker(): Promise<void> {
  const config = loadConfig(process.env);
  if (config.database.kind !== "postgresql") {
    throw new ConfigError("npm run worker needs DATABASE_URL: on the embedded database the server works its own jobs");
  }
  const log = pino({ level: config.logLevel, name: "worker" });
  const orm = await openDatabase(config.database);
  const queue = await PgBossJobQueue.start(orm, config.database, (err) => log.error({ err }, "job queue error"));
  const secrets = new SecretBox(config.encryptionKey);
  const context = buildHerokuContext(config, { orm, jobs: queue, provisioner: selectProvisioner(config), secrets });
  closeWithGrace({ delay: 15_000 }, async ({ signal, err }) => {
    if (err) log.error({ err }, "shutting down after an uncaught error");
    else log.info({ signal }, "shutting down");
    await queue.stop();
    await orm.close();
  });
  await startJobWorker(queue, context, log, config.jobs.pollSeconds);
  log.info(`addon-kit worker is working jobs for ${config.manifest.id} on ${describeDatabase(config.database)}`);
}

worker().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `addon-kit worker cannot start: ${error.message}` : error);
  process.exitCode = 1;
});
