import { setTimeout as sleep } from "node:timers/promises";

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 4, baseDelayMs: 250, maxDelayMs: 10_000 };

const retriable = (status: number) => status === 429 || status >= 500;

/** Seconds or an HTTP date, as Retry-After may carry either. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * fetch with retries on network errors, 429 and 5xx: exponential backoff with full jitter, or
 * the server's Retry-After when it gives one. undici's RetryAgent does not jitter and does not
 * retry POST, which Heroku's action endpoints are, hence these few lines. Durable jobs retry
 * again on top of this, so the budget here is small.
 */
export async function retryingFetch(url: string, init: RequestInit, policy: RetryPolicy = defaultRetryPolicy): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    let response: Response | undefined;
    try {
      // Never followed: a redirect could lead a call (and its credentials) away from the https URL that was checked.
      response = await fetch(url, { ...init, redirect: "error", signal: AbortSignal.timeout(15_000) });
      if (!retriable(response.status) || attempt >= policy.attempts) return response;
    } catch (error) {
      if (attempt >= policy.attempts) throw error;
    }
    const backoff = Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    await response?.body?.cancel();
    await sleep(Math.min(policy.maxDelayMs, retryAfterMs(response?.headers.get("retry-after") ?? null) ?? backoff));
  }
}
