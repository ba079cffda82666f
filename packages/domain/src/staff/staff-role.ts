/** Staff roles, weakest first: each can do everything the ones before it can. */
export const staffRoles = ["viewer", "operator", "admin"] as const;
export type StaffRole = (typeof staffRoles)[number];

export function hasRole(role: StaffRole, needed: StaffRole): boolean {
  return staffRoles.indexOf(role) >= staffRoles.indexOf(needed);
}
