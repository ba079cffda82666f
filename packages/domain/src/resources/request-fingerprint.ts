import { createHash } from "node:crypto";

/** JSON with object keys sorted at every depth, so equal values always serialise alike. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Identifies what a provision asked for, so that a replay can be told from a conflicting request. */
export function requestFingerprint(request: { plan: string; region: string; options: Record<string, unknown> }): string {
  const { plan, region, options } = request;
  return createHash("sha256").update(canonicalJson({ plan, region, options })).digest("hex");
}
