import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repositoryRoot = fileURLToPath(new URL("../", import.meta.url));

/**
 * The arguments the Procfile gives `node` for one of its processes (`web`, `worker`): its V8
 * memory settings, then the script, relative to the repository's root. Benchmarks start
 * addon-kit with these so that they measure what Heroku runs.
 */
export function procfileNodeArguments(processType: "web" | "worker"): string[] {
  const line = readFileSync(join(repositoryRoot, "Procfile"), "utf8").match(new RegExp(`^${processType}:\\s*node\\s+(.+)$`, "m"))?.[1];
  if (!line) throw new Error(`the Procfile has no \`${processType}: node ...\` line`);
  return line.trim().split(/\s+/);
}

/**
 * The environment `.profile.d/node-compile-cache.sh` gives every dyno: Node's compile cache,
 * which `npm run build` fills; a benchmark that has not built fills it on its first start.
 */
export const dynoEnvironment = { NODE_COMPILE_CACHE: join(repositoryRoot, ".cache/node-compile"), NODE_COMPILE_CACHE_PORTABLE: "1" };
