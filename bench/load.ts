import { performance } from "node:perf_hooks";

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

/**
 * A closed loop: `concurrency` workers each run `operation` back to back until `requests`
 * have been made. Every target is measured by this same loop, so their numbers compare.
 */
export async function runLoad(requests: number, concurrency: number, operation: (index: number) => Promise<void>): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < requests) {
      const index = next++;
      const begin = performance.now();
      await operation(index);
      latencies.push(performance.now() - begin);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return { requests, seconds, perSecond: requests / seconds, p50: percentile(50), p95: percentile(95), p99: percentile(99) };
}
