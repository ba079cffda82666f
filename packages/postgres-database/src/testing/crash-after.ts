import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

const stopAfterSteps = fileURLToPath(new URL("./stop-after-steps.ts", import.meta.url));

/** Runs the first `steps` steps of making a tenant in a process of its own, then kills it with SIGKILL. */
export async function crashAfter(adminUrl: string, resourceId: string, steps: number): Promise<void> {
  const child = spawn(process.execPath, [stopAfterSteps, adminUrl, resourceId, String(steps)], { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await expect.poll(() => output, { timeout: 20_000, interval: 50 }).toContain("stopped");
  child.kill("SIGKILL");
  await once(child, "exit");
}
