/**
 * Run by `npm run build` (on Heroku, while the slug is built): loads every module the Procfile's
 * web and worker processes load into Node's compile cache, in `.cache/node-compile` (or
 * `NODE_COMPILE_CACHE`), where `.profile.d/node-compile-cache.sh` points the dynos. A process that
 * finds all of its TypeScript there never starts Node's type stripper, a WebAssembly module that
 * holds 20 MB and more for the life of the process: the web process idles about 20 MB smaller
 * and starts a few hundred milliseconds sooner. Portable, because Heroku builds the slug in one
 * directory and runs it in another.
 */
import { constants, enableCompileCache, flushCompileCache, getCompileCacheDir } from "node:module";
import { fileURLToPath } from "node:url";

// Where NODE_COMPILE_CACHE is set (and NODE_COMPILE_CACHE_PORTABLE=1 with it, as on a dyno), Node
// opened that cache before this line, and this call leaves it so.
const { status, message } = enableCompileCache({ directory: fileURLToPath(new URL("../../../.cache/node-compile", import.meta.url)), portable: true });
if (status === constants.compileCacheStatus.FAILED) {
  // An optimisation only: a build that cannot write the cache still deploys, and its processes compile as they start.
  console.warn(`Node's compile cache cannot be filled (${message}); the web and worker processes will compile their modules as they start`);
} else {
  // The entry points start nothing when imported; the OpenID provider is loaded on demand.
  await import("./main.ts");
  await import("./worker.ts");
  await import("./oidc/oidc-plugin.ts");
  flushCompileCache();
  console.log(`Node's compile cache for the web and worker processes is in ${getCompileCacheDir()}`);
}
