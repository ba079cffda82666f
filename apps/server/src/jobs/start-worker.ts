import { pino } from "pino";
import { type Job, SecretBox, jobRetryPolicies, schema } from "@addon-kit/domain";
import { PgBossJobQueue, openDatabase } from "@addon-kit/infrastructure";
import type { AppOverrides } from "../app.ts";
import { ConfigError } from "../config/config-error.ts";
import type { AppConfig } from "../config/load-config.ts";
import { loggerOptions } from "../logging/logger-options.ts";
import { closeProvisioner, selectProvisioner } from "../select-provisioner.ts";
import { connectProduct } from "../product/product-connection.ts";
import { buildHerokuContext } from "./heroku-context.ts";
import { startJobWorker } from "./job-worker.ts";
import { scheduleJobs } from "./jobs-plugin.ts";

/**
 * A worker process's whole life: the database, the queue and the worker for it. A vendor with
 * their own provisioner passes it here as to `buildApp`, so background provisions use it too.
 * PostgreSQL only: the embedded database belongs to the one server process.
 */
export async function startWorker(config: AppConfig, overrides: AppOverrides = {}) {
  if (config.database.kind !== "postgresql") {
    throw new ConfigError("npm run worker needs DATABASE_URL: on the embedded database the server works its own jobs");
  }
  const log = pino({ ...loggerOptions(config.logLevel), name: "worker" });
  const orm = await openDatabase(config.database, schema);
  const queue = await PgBossJobQueue.start<Job>(orm, config.database, jobRetryPolicies, (err) => log.error({ err }, "job queue error"));
  const product = connectProduct(config);
  const provisioner = overrides.provisioner ?? selectProvisioner(config, product);
  const context = buildHerokuContext(config, {
    orm,
    jobs: queue,
    provisioner,
    secrets: new SecretBox(config.encryptionKey),
    eventSink: product.eventSink,
    log,
  });
  await scheduleJobs(queue, provisioner);
  await startJobWorker(queue, context, log, config.jobs);
  return {
    log,
    /** Lets running jobs finish (a job cut short is retried later), then closes the database. */
    async stop() {
      await queue.stop();
      if (!overrides.provisioner) await closeProvisioner(provisioner);
      await orm.close();
    },
  };
}
