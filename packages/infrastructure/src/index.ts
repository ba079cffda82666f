export * from "./database-target.ts";
export * from "./database.ts";
export * from "./migration-lock.ts";
export * from "./pg-boss-job-queue.ts";
