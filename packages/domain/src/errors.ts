/**
 * Business facts a use case can refuse with. Each transport maps these once (HTTP status
 * table, tRPC codes); anything else is an unexpected failure.
 */
export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  /** What happened, for the log only; `message` is all a client ever sees. */
  readonly reason: string | undefined;
  constructor(message: string, reason?: string) {
    super(message);
    this.reason = reason;
  }
}

export type DomainErrorCode =
  | "unknown_plan"
  | "unsupported_region"
  | "resource_not_found"
  | "resource_gone"
  | "plan_change_refused"
  | "provision_refused"
  | "product_unavailable"
  | "provision_conflict"
  | "rotation_unsupported"
  | "resource_not_ready"
  | "sso_refused"
  | "product_sign_in_refused"
  | "session_invalid"
  | "webhook_refused"
  | "webhook_event_mismatch"
  | "staff_sign_in_refused"
  | "staff_session_invalid"
  | "staff_forbidden"
  | "staff_exists"
  | "staff_not_found"
  | "job_not_found"
  | "event_not_found"
  | "invalid_cursor";

export class UnknownPlan extends DomainError {
  readonly code = "unknown_plan";
  constructor(slug: string, available: readonly string[]) {
    super(`There is no plan named "${slug}". Available plans: ${available.join(", ")}.`);
  }
}

export class UnsupportedRegion extends DomainError {
  readonly code = "unsupported_region";
  constructor(region: string, supported: readonly string[]) {
    super(`This add-on is not available in region "${region}". Supported regions: ${supported.join(", ")}.`);
  }
}

/** `reference` (a Heroku uuid or our id) goes to the log only: the console passes internal ids. */
export class ResourceNotFound extends DomainError {
  readonly code = "resource_not_found";
  constructor(reference: string) {
    super("No such add-on resource.", `no resource ${reference}`);
  }
}

export class ResourceGone extends DomainError {
  readonly code = "resource_gone";
  constructor(herokuUuid: string) {
    super(`The add-on resource ${herokuUuid} has been deprovisioned.`);
  }
}

/** A provisioner declined a plan change; its message is shown to the customer as it is. */
export class PlanChangeRefused extends DomainError {
  readonly code = "plan_change_refused";
}

/** The product (a remote provisioner) refused to create the tenant; its message is shown to the customer as it is. */
export class ProvisionRefused extends DomainError {
  readonly code = "provision_refused";
}

/**
 * The product could not be reached or did not answer in time, or changed under us. The caller
 * should try again later: Heroku gets a retryable 503, never the product's own error.
 */
export class ProductUnavailable extends DomainError {
  readonly code = "product_unavailable";
  constructor(reason: string) {
    super("The add-on's service is not answering right now. Please try again in a few minutes.", reason);
  }
}

/** A replayed provision whose plan, region or options differ from the first request. */
export class ProvisionConflict extends DomainError {
  readonly code = "provision_conflict";
  constructor(herokuUuid: string) {
    super(`The add-on ${herokuUuid} was already provisioned with a different plan, region or options.`);
  }
}

/**
 * An SSO sign-in that cannot be trusted. The reason is for the logs only: the customer sees
 * one message whatever it was, so that a forger learns nothing.
 */
export class SsoRefused extends DomainError {
  readonly code = "sso_refused";
  constructor(reason: string) {
    super("The link has expired, was already used, or is not valid. Open the add-on again from your Heroku Dashboard.", reason);
  }
}

/**
 * The OpenID Provider found no fresh, unused Heroku SSO for this resource behind a sign-in to the
 * product. One message whatever the reason (logged): start again from the Heroku Dashboard.
 */
export class ProductSignInRefused extends DomainError {
  readonly code = "product_sign_in_refused";
  constructor(reason: string) {
    super("Open the add-on from your Heroku Dashboard to sign in.", reason);
  }
}

/** No live customer session for this resource: absent, expired, revoked or for another resource. */
export class SessionInvalid extends DomainError {
  readonly code = "session_invalid";
  constructor() {
    super("Your session has ended. Open the add-on again from the Heroku Dashboard.");
  }
}

/** The provisioner in use cannot issue new credentials. */
export class RotationUnsupported extends DomainError {
  readonly code = "rotation_unsupported";
  constructor() {
    super("This add-on's provisioner cannot rotate credentials.");
  }
}

/** The resource is not in a state that allows the action (still provisioning, failed). */
export class ResourceNotReady extends DomainError {
  readonly code = "resource_not_ready";
}

/** A webhook delivery not signed for this resource. The sender learns nothing; the reason is logged. */
export class WebhookRefused extends DomainError {
  readonly code = "webhook_refused";
  constructor(reason: string) {
    super("This webhook delivery could not be verified.", reason);
  }
}

/** A verified delivery whose event names an add-on or attachment of another resource than its URL's. */
export class WebhookEventMismatch extends DomainError {
  readonly code = "webhook_event_mismatch";
  constructor(reason: string) {
    super("This event does not belong to the add-on its webhook URL names.", reason);
  }
}

/** Wrong email or password, a locked or disabled account: one message for all, so none is confirmed. */
export class StaffSignInRefused extends DomainError {
  readonly code = "staff_sign_in_refused";
  constructor() {
    super("Wrong email or password, or the account is locked for a while after too many attempts.");
  }
}

export class StaffSessionInvalid extends DomainError {
  readonly code = "staff_session_invalid";
  constructor() {
    super("Please sign in.");
  }
}

/** The staff member's role does not allow the action. */
export class StaffForbidden extends DomainError {
  readonly code = "staff_forbidden";
  constructor(needed: string) {
    super(`This needs the ${needed} role.`);
  }
}

/** An admin may not demote or disable themselves: the console must keep someone who can manage it. */
export class StaffSelfChangeRefused extends DomainError {
  readonly code = "staff_forbidden";
  constructor() {
    super("You cannot change your own role or disable your own account; ask another admin.");
  }
}

export class StaffExists extends DomainError {
  readonly code = "staff_exists";
  constructor(email: string) {
    super(`A staff account for ${email} already exists.`);
  }
}

export class StaffNotFound extends DomainError {
  readonly code = "staff_not_found";
  constructor(email: string) {
    super(`No staff account for ${email}.`);
  }
}

export class JobNotFound extends DomainError {
  readonly code = "job_not_found";
  constructor(id: string) {
    super(`No failed job ${id} to retry.`);
  }
}

export class EventNotFound extends DomainError {
  readonly code = "event_not_found";
  constructor() {
    super("No such lifecycle event.");
  }
}

/** A page cursor this service did not hand out. */
export class InvalidCursor extends DomainError {
  readonly code = "invalid_cursor";
  constructor() {
    super("The page cursor is not valid; start again from the first page.");
  }
}
