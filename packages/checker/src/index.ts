export * from "./check.ts";
export * from "./report.ts";
export * from "./run-checks.ts";
