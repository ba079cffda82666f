import type { EntityManager } from "@mikro-orm/core";
import type { JobQueue, LifecycleEvents, SecretBox, SessionPolicy, TenantProvisioner } from "@addon-kit/domain";

/** What every console request shares, set up once by whoever mounts the API. */
export interface ConsoleServices {
  /** The root EntityManager; each request works on a fork of its own. */
  em: EntityManager;
  jobs: JobQueue;
  provisioner: TenantProvisioner;
  events: LifecycleEvents;
  /** Whether lifecycle events are delivered anywhere (`PRODUCT_EVENTS_URL`). */
  eventsUrlConfigured: boolean;
  secrets: SecretBox;
  sessionPolicy: SessionPolicy;
  signInRateLimitPerMinute: number;
}

/** What one request brings: its session cookie, who sent it, and how to answer with a cookie. */
export interface ConsoleRequest {
  sessionToken: string | undefined;
  /** What this client's sign-in attempts are counted by (its address as the configured proxies report it). */
  signInAttemptKey: string;
  /** Sets (or, with null, clears) the console session cookie. */
  setSessionToken: (token: string | null) => void;
}

/** What every console procedure gets: a fresh EntityManager, the services, and the request. */
export type ConsoleContext = ConsoleServices & ConsoleRequest;

/** The one way a context is made, by the HTTP adapter and by tests calling procedures directly. */
export function createConsoleContext(services: ConsoleServices, request: ConsoleRequest): ConsoleContext {
  return { ...services, ...request, em: services.em.fork() };
}
