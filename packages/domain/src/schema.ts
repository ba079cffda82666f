import { HerokuAuthorization } from "./heroku/heroku-authorization.entity.ts";
import { WebhookEvent } from "./heroku/webhook-event.entity.ts";
import { migrations } from "./migrations.ts";
import { Plan } from "./plans/plan.entity.ts";
import { CircuitBreaker } from "./product/circuit-breaker.entity.ts";
import { OidcArtifact } from "./oidc/oidc-artifact.entity.ts";
import { ProductSignIn } from "./oidc/product-sign-in.entity.ts";
import { SigningKey } from "./oidc/signing-key.entity.ts";
import { LifecycleEvent } from "./product/lifecycle-event.entity.ts";
import { ApiKey } from "./provisioners/api-key-tenant/api-key.entity.ts";
import { RateLimitCounter } from "./rate-limits/rate-limit-counter.entity.ts";
import { Attachment } from "./resources/attachment.entity.ts";
import { ResourceEvent } from "./resources/resource-event.entity.ts";
import { Resource } from "./resources/resource.entity.ts";
import { CustomerSession } from "./sso/customer-session.entity.ts";
import { SsoTokenUse } from "./sso/sso-token-use.entity.ts";
import { AuditEntry } from "./staff/audit-entry.entity.ts";
import { StaffMember } from "./staff/staff-member.entity.ts";
import { StaffSession } from "./staff/staff-session.entity.ts";
import { StorageWarning } from "./tenant-databases/storage-warning.entity.ts";

/** The tables addon-kit keeps: every entity, and the migrations that build them, oldest first. */
export const schema = {
  entities: [
    Plan,
    Resource,
    Attachment,
    ResourceEvent,
    ApiKey,
    CustomerSession,
    SsoTokenUse,
    HerokuAuthorization,
    WebhookEvent,
    StaffMember,
    StaffSession,
    AuditEntry,
    RateLimitCounter,
    LifecycleEvent,
    CircuitBreaker,
    ProductSignIn,
    OidcArtifact,
    SigningKey,
    StorageWarning,
  ],
  migrations,
};
