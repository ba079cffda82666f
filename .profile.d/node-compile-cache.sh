# Heroku sources this on every dyno before the Procfile's command: the web and worker processes
# read their modules from the compile cache `npm run build` filled in the slug
# (apps/server/src/fill-compile-cache.ts). Portable: the slug is built in one directory and run
# in /app. A missing or stale cache only means Node compiles as it would without one.
export NODE_COMPILE_CACHE="$HOME/.cache/node-compile"
export NODE_COMPILE_CACHE_PORTABLE=1
