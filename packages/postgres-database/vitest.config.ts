import { defineConfig } from "vitest/config";

// Against the PostgreSQL server only: a tenant cluster is a real one (PGlite has no roles or logins).
export default defineConfig({ test: { testTimeout: 30_000, hookTimeout: 60_000 } });
