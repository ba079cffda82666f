export * from "./describe-issues.ts";
export * from "./heroku-regions.ts";
export * from "./manifest.ts";
export * from "./partner-api.ts";
export * from "./plan-catalog.ts";
export * from "./sso.ts";
