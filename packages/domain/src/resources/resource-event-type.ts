export type ResourceEventType =
  | "provisioned"
  | "provision_replayed"
  | "plan_changed"
  | "plan_change_refused"
  | "deprovisioned"
  | "config_revealed";
