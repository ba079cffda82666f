import { type ChildProcess, spawn } from "node:child_process";
import { repositoryRoot } from "@addon-kit/testing/repository";

export interface ServiceProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs one of the project's commands (a TypeScript entry) as `npm run` would, collecting its output. */
export function runScript(script: string, args: string[], env: Record<string, string | undefined>): ServiceProcess {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: repositoryRoot,
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Waits until the process has printed something matching `pattern`, and returns the first group. */
export async function waitForOutput(service: ServiceProcess, pattern: RegExp): Promise<string> {
  let stopped = false;
  void service.exited.then(() => (stopped = true));
  while (!stopped) {
    const match = pattern.exec(service.output());
    if (match) return match[1] ?? match[0];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`process exited before printing ${pattern}:\n${service.output()}`);
}

/** Runs a command to its end and returns what it printed. */
export async function runToEnd(script: string, args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  const run = runScript(script, args, env);
  const code = await run.exited;
  return { code, output: run.output() };
}
