import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";

/** A server the benchmark measures, as a process of its own: how long it took to be healthy, and its memory. */
export interface MeasuredService {
  url: string;
  startupMs: number;
  /** Resident set size now, in MB (Linux's /proc). */
  rssMb: () => number;
  /** Samples RSS every 100 ms until the returned function is called; that returns the peak in MB. */
  samplePeakRss: () => () => number;
  stop: () => Promise<void>;
}

/** Starts `node` with `nodeArguments` (a script last) and `env`, and waits until `healthPath` answers 200. */
export async function startService(
  nodeArguments: string[],
  env: Record<string, string>,
  options: { port: number; healthPath: string; cwd: string },
): Promise<MeasuredService> {
  const started = performance.now();
  const script = nodeArguments.at(-1);
  const child: ChildProcess = spawn(process.execPath, nodeArguments, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  const url = `http://127.0.0.1:${options.port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}: ${errors}`);
    const healthy = await fetch(`${url}${options.healthPath}`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    await sleep(20);
  }
  const startupMs = performance.now() - started;
  const rssMb = () => {
    if (child.exitCode !== null) return 0;
    const line = readFileSync(`/proc/${child.pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB$/m);
    return Number(line?.[1] ?? 0) / 1024;
  };
  return {
    url,
    startupMs,
    rssMb,
    samplePeakRss: () => {
      let peak = rssMb();
      const timer = setInterval(() => (peak = Math.max(peak, rssMb())), 100);
      return () => {
        clearInterval(timer);
        return Math.max(peak, rssMb());
      };
    },
    stop: async () => {
      if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode} while measured: ${errors}`);
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}
