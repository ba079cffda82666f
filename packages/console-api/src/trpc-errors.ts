import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";
import type { DomainErrorCode } from "@addon-kit/domain";

/** The one place a domain refusal becomes a tRPC error code (the HTTP side has `http-errors.ts`). */
export const trpcCodeByDomainError: Record<DomainErrorCode, TRPC_ERROR_CODE_KEY> = {
  unknown_plan: "BAD_REQUEST",
  unsupported_region: "BAD_REQUEST",
  plan_change_refused: "UNPROCESSABLE_CONTENT",
  provision_refused: "UNPROCESSABLE_CONTENT",
  product_unavailable: "SERVICE_UNAVAILABLE",
  resource_not_found: "NOT_FOUND",
  resource_gone: "NOT_FOUND",
  provision_conflict: "CONFLICT",
  rotation_unsupported: "PRECONDITION_FAILED",
  resource_not_ready: "CONFLICT",
  sso_refused: "FORBIDDEN",
  product_sign_in_refused: "FORBIDDEN",
  session_invalid: "UNAUTHORIZED",
  webhook_refused: "UNAUTHORIZED",
  webhook_event_mismatch: "UNPROCESSABLE_CONTENT",
  staff_sign_in_refused: "UNAUTHORIZED",
  staff_session_invalid: "UNAUTHORIZED",
  staff_forbidden: "FORBIDDEN",
  staff_exists: "CONFLICT",
  staff_not_found: "NOT_FOUND",
  job_not_found: "NOT_FOUND",
  event_not_found: "NOT_FOUND",
  invalid_cursor: "BAD_REQUEST",
};
