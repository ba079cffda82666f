import type { DomainErrorCode } from "@addon-kit/domain";

/** The one place a domain refusal becomes an HTTP status. */
export const statusByDomainError: Record<DomainErrorCode, number> = {
  unknown_plan: 422,
  unsupported_region: 422,
  plan_change_refused: 422,
  provision_refused: 422,
  product_unavailable: 503,
  resource_not_found: 404,
  resource_gone: 410,
  provision_conflict: 409,
  rotation_unsupported: 422,
  resource_not_ready: 409,
  sso_refused: 403,
  product_sign_in_refused: 403,
  session_invalid: 401,
  webhook_refused: 401,
  webhook_event_mismatch: 422,
  staff_sign_in_refused: 401,
  staff_session_invalid: 401,
  staff_forbidden: 403,
  staff_exists: 409,
  staff_not_found: 404,
  job_not_found: 404,
  event_not_found: 404,
  invalid_cursor: 400,
};
