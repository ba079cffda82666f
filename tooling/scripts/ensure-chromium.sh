#!/bin/sh
# The browser tests drive Debian's Chromium through playwright-core; no test tool downloads a
# browser. Installs it when it is missing and this machine can (root with apt-get).
set -eu
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$browser" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium for the browser tests (apt-get install chromium) ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "The browser tests need Chromium at $browser: install Debian's chromium package or set CHROMIUM_PATH." >&2
  exit 1
fi
