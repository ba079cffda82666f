import type { z } from "zod";

/** One line naming each invalid field, e.g. `api.password: must be 8 to 72 characters`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; ");
}
