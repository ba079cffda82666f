import { createServer, type Server } from "node:http";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { retryingFetch } from "./retrying-fetch.ts";

let server: Server | undefined;
afterEach(() => new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined))));

/** A server that answers with each of `answers` in turn, then 200. */
async function serve(answers: { status: number; headers?: Record<string, string> }[]) {
  const seen: number[] = [];
  server = createServer((_request, response) => {
    const answer = answers.shift() ?? { status: 200 };
    seen.push(Date.now());
    response.writeHead(answer.status, answer.headers).end();
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, seen };
}

const fast = { attempts: 4, baseDelayMs: 10, maxDelayMs: 5_000 };

describe("retryingFetch", () => {
  it("waits as long as Retry-After says before trying again", async () => {
    const { url, seen } = await serve([{ status: 429, headers: { "retry-after": "1" } }]);
    expect((await retryingFetch(url, {}, fast)).status).toBe(200);
    expect(seen).toHaveLength(2);
    expect(seen[1]! - seen[0]!).toBeGreaterThanOrEqual(950);
  });

  it("retries network errors, each of its attempts, and rethrows the last one", async () => {
    // Accepts each connection and drops it before answering: a network error every time, counted.
    let connections = 0;
    const dropping = createNetServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => dropping.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(dropping.address() as AddressInfo).port}/`;
      await expect(retryingFetch(url, {}, fast)).rejects.toThrow("fetch failed");
      expect(connections).toBe(fast.attempts);
    } finally {
      await new Promise((resolve) => dropping.close(resolve));
    }
  });

  it("never follows a redirect, which could lead the call off the URL that was checked", async () => {
    const { url, seen } = await serve([{ status: 307, headers: { location: "http://169.254.169.254/latest" } }]);
    await expect(retryingFetch(url, { method: "POST", body: "x" }, { ...fast, attempts: 1 })).rejects.toThrow("fetch failed");
    expect(seen).toHaveLength(1);
  });

  it("answers a client error at once", async () => {
    const { url, seen } = await serve([{ status: 404 }]);
    expect((await retryingFetch(url, {}, fast)).status).toBe(404);
    expect(seen).toHaveLength(1);
  });
});
