/**
 * What the server benchmarks share: addon-kit started as `npm start` runs it, the load generator
 * run against a server, and a server's throughput, latency, start-up and memory measured and
 * printed the same way for addon-kit and for the baseline beside it.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { loadConfig } from "@addon-kit/server/config";
import { freePort } from "@addon-kit/testing/free-port";
import type { LoadOptions, LoadOutcome } from "./load-generator.ts";
import { dynoEnvironment, procfileNodeArguments } from "./procfile.ts";
import { type MeasuredService, startService } from "./service.ts";

const repositoryRoot = fileURLToPath(new URL("../", import.meta.url));
const here = fileURLToPath(new URL("./", import.meta.url));

/** The add-on manifest addon-kit runs with, as its configuration reads it. */
export function addonManifest() {
  const dataDir = mkdtempSync(join(tmpdir(), "addon-kit-bench-config-"));
  try {
    return loadConfig({ DATA_DIR: dataDir }, repositoryRoot).manifest;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs the load generator in a process of its own; any answer other than the scenario's fails the run. */
export async function load(options: LoadOptions): Promise<LoadOutcome> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(here, "load-generator.ts"), JSON.stringify(options)], {
    cwd: here,
    maxBuffer: 1 << 20,
  });
  const outcome = JSON.parse(stdout) as LoadOutcome;
  if (outcome.unexpected > 0 || outcome.errors > 0) {
    throw new Error(`${options.url}: ${outcome.unexpected} unexpected answers, ${outcome.errors} errors (${outcome.timeouts} timeouts)`);
  }
  return outcome;
}

export interface Measurement {
  name: string;
  startupMs: number;
  idleRssMb: number;
  loadRssMb: number;
  outcome: LoadOutcome;
  /** Throughput of each round, for targets measured in turns. */
  roundsRequestsPerSecond?: number[];
}

/**
 * Starts a server, lets it settle and reads its idle memory, warms it with a first run of the
 * load, then measures a second run (`loadFor` gives the load generator's options for its URL)
 * and the peak memory during it.
 */
export async function measure(
  name: string,
  start: () => Promise<MeasuredService>,
  loadFor: (url: string, amount: number) => LoadOptions,
  amount: number,
): Promise<Measurement> {
  console.log(`  measuring ${name} ...`);
  const service = await start();
  try {
    await sleep(2_000);
    const idleRssMb = service.rssMb();
    await load(loadFor(service.url, Math.min(200, amount)));
    const peak = service.samplePeakRss();
    try {
      const outcome = await load(loadFor(service.url, amount));
      console.log(`    ${outcome.requestsPerSecond.toFixed(0)} req/s, p99 ${outcome.p99.toFixed(0)} ms`);
      return { name, startupMs: service.startupMs, idleRssMb, loadRssMb: peak(), outcome };
    } finally {
      peak();
    }
  } finally {
    await service.stop();
  }
}

/** A target of `measureInTurns`: a name, how to start its server, and its load for a URL. */
export interface Target {
  name: string;
  start: () => Promise<MeasuredService>;
  loadFor: (url: string, amount: number) => LoadOptions;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/** Each figure's median over a target's rounds. */
function medianOf(rounds: Measurement[]): Measurement {
  const of = (figure: (round: Measurement) => number) => median(rounds.map(figure));
  const first = rounds[0];
  if (!first) throw new Error("no rounds measured");
  return {
    name: first.name,
    startupMs: of((round) => round.startupMs),
    idleRssMb: of((round) => round.idleRssMb),
    loadRssMb: of((round) => round.loadRssMb),
    outcome: {
      ...first.outcome,
      requestsPerSecond: of((round) => round.outcome.requestsPerSecond),
      p50: of((round) => round.outcome.p50),
      p99: of((round) => round.outcome.p99),
    },
  };
}

/**
 * Measures every target `rounds` times, taking turns (baseline, addon-kit, baseline, ...), and
 * answers each one's medians: runs on a shared two-core machine vary by 20% or more, and taking
 * turns puts a slow stretch on both sides of a ratio rather than on one.
 */
export async function measureInTurns(targets: Target[], amount: number, rounds: number): Promise<Measurement[]> {
  const measured: Measurement[][] = targets.map(() => []);
  for (let round = 1; round <= rounds; round++) {
    for (const [index, target] of targets.entries()) {
      measured[index]?.push(await measure(`${target.name} (round ${round} of ${rounds})`, target.start, target.loadFor, amount));
    }
  }
  return measured.map((rounds, index) => ({
    ...medianOf(rounds),
    name: targets[index]?.name ?? "",
    roundsRequestsPerSecond: rounds.map((round) => round.outcome.requestsPerSecond),
  }));
}

/** addon-kit as the Procfile's web process runs it, logging at info as in production. */
export async function startAddonKit(env: Record<string, string>): Promise<MeasuredService> {
  const port = await freePort();
  return startService(
    procfileNodeArguments("web"),
    {
      ...dynoEnvironment,
      NODE_ENV: "development",
      LOG_LEVEL: "info",
      PORT: String(port),
      HEROKU_API_URL: "http://127.0.0.1:9",
      HEROKU_ID_URL: "http://127.0.0.1:9",
      ...env,
    },
    { port, healthPath: "/healthz", cwd: repositoryRoot },
  );
}

/** A baseline server script of `baselines/`, with its environment. */
export async function startBaseline(script: string, env: Record<string, string>): Promise<MeasuredService> {
  const port = await freePort();
  return startService([join(here, "baselines", script)], { ...env, PORT: String(port) }, { port, healthPath: "/healthz", cwd: here });
}

export function report(measurements: Measurement[]): void {
  console.log("");
  console.log(
    `${"target".padEnd(36)}${"req/s".padStart(8)}${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}${"start ms".padStart(10)}${"idle MB".padStart(9)}${"load MB".padStart(9)}`,
  );
  for (const { name, outcome, startupMs, idleRssMb, loadRssMb } of measurements) {
    console.log(
      `${name.padEnd(36)}${outcome.requestsPerSecond.toFixed(0).padStart(8)}${outcome.p50.toFixed(1).padStart(9)}${outcome.p99.toFixed(1).padStart(9)}${startupMs.toFixed(0).padStart(10)}${idleRssMb.toFixed(0).padStart(9)}${loadRssMb.toFixed(0).padStart(9)}`,
    );
  }
  console.log("");
}

/**
 * `of`'s throughput against the baseline's. For targets measured in turns, the median of each
 * round's ratio: a round's two runs are neighbours in time, so a slow stretch of the machine
 * weighs on both of them.
 */
function throughputRatio(of: Measurement, baseline: Measurement): number {
  const ours = of.roundsRequestsPerSecond;
  const theirs = baseline.roundsRequestsPerSecond;
  if (ours && theirs && ours.length === theirs.length) return median(ours.map((value, round) => value / (theirs[round] as number)));
  return of.outcome.requestsPerSecond / baseline.outcome.requestsPerSecond;
}

/** The ratio as printed: for targets measured in turns, each round's ratio beside the median. */
export function describeRatio(of: Measurement, baseline: Measurement): string {
  const ours = of.roundsRequestsPerSecond;
  const theirs = baseline.roundsRequestsPerSecond;
  const rounds =
    ours && theirs && ours.length === theirs.length
      ? ` (rounds: ${ours.map((value, round) => (value / (theirs[round] as number)).toFixed(2)).join(", ")})`
      : "";
  return `${throughputRatio(of, baseline).toFixed(2)}x${rounds}`;
}
