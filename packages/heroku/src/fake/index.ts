export * from "./fake-heroku-server.ts";
export * from "./fake-heroku-state.ts";
export * from "./heroku-driver.ts";
