import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Every temporary directory of a run lives in one the global setup removes afterwards.
export default defineConfig({ test: { globalSetup: [fileURLToPath(import.meta.resolve("@addon-kit/testing/temporary-root-global-setup"))] } });
