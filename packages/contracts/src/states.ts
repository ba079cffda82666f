/**
 * The domain's enumerations, for every side that names them: the entities, the console's
 * inputs and its pages. Plain constants with no imports, so the browser bundle can take them.
 */

/**
 * Heroku's own add-on states; `provisioning` lasts until an asynchronous provision finishes,
 * and `failed` is one that could not finish (Heroku removes it after 12 hours).
 */
export const resourceStates = ["provisioning", "provisioned", "deprovisioned", "failed"] as const;
export type ResourceState = (typeof resourceStates)[number];

/** Staff roles, weakest first: each can do everything the ones before it can. */
export const staffRoles = ["viewer", "operator", "admin"] as const;
export type StaffRole = (typeof staffRoles)[number];

export function hasRole(role: StaffRole, needed: StaffRole): boolean {
  return staffRoles.indexOf(role) >= staffRoles.indexOf(needed);
}

/** A lifecycle event's delivery to the product: `failed` once refused, or out of retries (staff may redeliver). */
export const deliveryStatuses = ["pending", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];
