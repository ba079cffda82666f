import { TRPCError, initTRPC } from "@trpc/server";
import type { EntityManager } from "@mikro-orm/core";
import { z } from "zod";
import { type StaffRole, describeIssues, hasRole } from "@addon-kit/contracts";
import {
  DomainError,
  type JobQueue,
  type Provisioner,
  type SecretBox,
  type SessionPolicy,
  StaffForbidden,
  hitRateLimit,
  resumeStaffSession,
} from "@addon-kit/domain";
import { rateLimitKey } from "../plugins/rate-limit-key.ts";
import { trpcCodeByDomainError } from "./trpc-errors.ts";

/** What every console procedure gets: a fresh EntityManager, the services, and the session cookie. */
export interface ConsoleContext {
  em: EntityManager;
  jobs: JobQueue;
  provisioner: Provisioner;
  secrets: SecretBox;
  sessionPolicy: SessionPolicy;
  sessionToken: string | undefined;
  /** The client's address as the configured proxies report it: what sign-in attempts are counted by. */
  clientAddress: string;
  signInRateLimitPerMinute: number;
  /** Sets (or, with null, clears) the console session cookie. */
  setSessionToken: (token: string | null, expires?: Date) => void;
}

/** What a caller reads: invalid input named field by field, unexpected failures without detail (those go to the log). */
function publicMessage(error: TRPCError): string {
  if (error.cause instanceof z.ZodError) return `Invalid input: ${describeIssues(error.cause)}`;
  return error.code === "INTERNAL_SERVER_ERROR" ? "Something went wrong on the server." : error.message;
}

const t = initTRPC.context<ConsoleContext>().create({
  errorFormatter: ({ shape, error }) => ({
    ...shape,
    message: publicMessage(error),
    data: { code: shape.data.code, httpStatus: shape.data.httpStatus },
  }),
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Domain refusals become tRPC errors here, once, by the table in `trpc-errors.ts`. */
export const publicProcedure = t.procedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    throw new TRPCError({ code: trpcCodeByDomainError[result.error.cause.code], message: result.error.cause.message, cause: result.error.cause });
  }
  return result;
});

/**
 * Sign-in attempts, counted per client address in the database (so across web processes),
 * here where tRPC has resolved the procedure: no spelling of its path escapes the count.
 */
export const signInProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const hit = await hitRateLimit(ctx.em, rateLimitKey("console-sign-in", ctx.clientAddress), 60_000);
  if (hit.count > ctx.signInRateLimitPerMinute) {
    throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: `Too many sign-in attempts; try again in ${Math.ceil(hit.resetsInMs / 1000)} s.` });
  }
  return next();
});

/** Signed-in staff, any role. */
export const staffProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const session = await resumeStaffSession(ctx.em, ctx.sessionPolicy, ctx.sessionToken);
  return next({ ctx: { session, staff: session.staff } });
});

/** Signed-in staff with at least `role`. */
export const procedureFor = (role: StaffRole) =>
  staffProcedure.use(({ ctx, next }) => {
    if (!hasRole(ctx.staff.role, role)) throw new StaffForbidden(role);
    return next();
  });
