/** Heroku's own add-on states; `provisioning` lasts until an asynchronous provision finishes. */
export const resourceStates = ["provisioning", "provisioned", "deprovisioned"] as const;
export type ResourceState = (typeof resourceStates)[number];
