import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { repositoryRoot } from "./repository.ts";

/**
 * Debian's Chromium, headless, with the flags that keep it off the network this machine does
 * not have (background services, component updates, sync).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Where browser tests save screenshots: `artifacts/` at the repository root (not committed). */
export function artifactPath(name: string): string {
  const dir = join(repositoryRoot, "artifacts");
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}
