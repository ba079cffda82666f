/**
 * Heroku's own add-on states; `provisioning` lasts until an asynchronous provision finishes,
 * and `failed` is one that could not finish (Heroku removes it after 12 hours).
 */
export const resourceStates = ["provisioning", "provisioned", "deprovisioned", "failed"] as const;
export type ResourceState = (typeof resourceStates)[number];
