import { databaseProjects } from "@addon-kit/testing/vitest-projects";
import { defineConfig } from "vitest/config";

export default defineConfig({ test: { projects: databaseProjects() } });
