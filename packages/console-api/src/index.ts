export * from "./context.ts";
export * from "./root.ts";
export { createCallerFactory } from "./trpc.ts";
