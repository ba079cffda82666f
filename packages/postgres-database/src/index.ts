export * from "./database-limits.ts";
export * from "./postgres-database-provisioner.ts";
export * from "./tenant-cluster.ts";
