import { TRPCError, initTRPC } from "@trpc/server";
import { z } from "zod";
import { type StaffRole, describeIssues, hasRole } from "@addon-kit/contracts";
import { DomainError, StaffForbidden, hitRateLimit, resumeStaffSession } from "@addon-kit/domain";
import type { ConsoleContext } from "./context.ts";
import { trpcCodeByDomainError } from "./trpc-errors.ts";

/** What a caller reads: invalid input named field by field, unexpected failures without detail (those go to the log). */
function publicMessage(error: TRPCError): string {
  // Checked first: a ZodError thrown inside a procedure is a bug, not the caller's input.
  if (error.code === "INTERNAL_SERVER_ERROR") return "Something went wrong on the server.";
  return error.cause instanceof z.ZodError ? `Invalid input: ${describeIssues(error.cause)}` : error.message;
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
  const hit = await hitRateLimit(ctx.em, ctx.signInAttemptKey, 60_000);
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

/** The roles that have at least `Needed`. */
type AtLeast<Needed extends StaffRole> = Needed extends "admin" ? "admin" : Needed extends "operator" ? "operator" | "admin" : StaffRole;

/** Signed-in staff with at least `needed`; procedures see the role narrowed to those that qualify. */
function procedureFor<Needed extends StaffRole>(needed: Needed) {
  return staffProcedure.use(({ ctx, next }) => {
    if (!hasRole(ctx.staff.role, needed)) throw new StaffForbidden(needed);
    return next({ ctx: { role: ctx.staff.role as AtLeast<Needed> } });
  });
}

/** Reads: every role. */
export const viewerProcedure = procedureFor("viewer");
/** Changes to resources and jobs. */
export const operatorProcedure = procedureFor("operator");
/** Staff accounts. */
export const adminProcedure = procedureFor("admin");
