import { type InferEntity, defineEntity, p } from "@mikro-orm/core";

/** A database over its plan's storage quota: since when (the grace runs from the warning) and by how much when last measured. Removed once it is back under. */
export const StorageWarning = defineEntity({
  name: "StorageWarning",
  tableName: "storage_warnings",
  properties: {
    resourceId: p.uuid().primary(),
    warnedAt: p.datetime(),
    sizeBytes: p.bigint("number"),
    quotaBytes: p.bigint("number"),
    /** The smallest it has been since it turned read-only: growing well past it means its read-only state was escaped. */
    readOnlySizeBytes: p.bigint("number").nullable(),
  },
});
export type StorageWarning = InferEntity<typeof StorageWarning>;
