export * from "./heroku-api-error.ts";
export * from "./heroku-client.ts";
export * from "./logplex.ts";
export * from "./retrying-fetch.ts";
