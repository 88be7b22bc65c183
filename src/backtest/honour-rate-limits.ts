import type { Octokit } from "@octokit/rest";

/** How the backtest's reads wait out GitHub's rate limits. */
export interface RateLimitOptions {
  /** Waits `ms` real milliseconds (tests pass one that records and returns at once). */
  sleep: (ms: number) => Promise<void>;
  /** Epoch milliseconds now. */
  now: () => number;
  /** Told before every wait, for the progress line. */
  onWait?: (ms: number, why: string) => void;
  /** Attempts of one request after a rate-limit answer; default 5. */
  maxRetries?: number;
  /** A longer wait than this fails instead (a spent hourly quota); default 15 minutes. */
  maxWaitMs?: number;
}

/** GitHub's advice when a secondary limit answers without `retry-after` (docs: "wait at least one minute"). */
const SECONDARY_WAIT_MS = 60_000;

/**
 * Makes every request of `octokit` wait out GitHub's rate limits
 * (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api): a 403/429 with
 * `retry-after` is retried after that many seconds, one with `x-ratelimit-remaining: 0` after
 * `x-ratelimit-reset`, and when an answer says the quota is spent the next request waits for
 * the reset instead of being refused. Written here rather than with @octokit/plugin-throttling
 * (only a dependency of probot's, not ours): the backtest only reads, so a retry can never double
 * anything, and the waits must be injectable so a test sees them honoured without waiting.
 */
export function honourRateLimits(octokit: Octokit, options: RateLimitOptions): void {
  const maxRetries = options.maxRetries ?? 5;
  const maxWaitMs = options.maxWaitMs ?? 15 * 60_000;
  let resetAt = 0;
  const wait = async (ms: number, why: string): Promise<void> => {
    if (ms > maxWaitMs) {
      throw new Error(
        `GitHub's rate limit is spent (${why}); it resets in ${Math.ceil(ms / 60_000)} minute(s): try again later or with another token`,
      );
    }
    options.onWait?.(ms, why);
    await options.sleep(ms);
  };
  octokit.hook.wrap("request", async (request, endpoint) => {
    for (let attempt = 0; ; attempt++) {
      if (resetAt > options.now()) {
        const ms = resetAt - options.now();
        // Waited out: the next answer says how much of the new quota is left.
        resetAt = 0;
        await wait(ms, "quota spent until its reset");
      }
      try {
        const response = await request(endpoint);
        const headers = response.headers as Record<string, string | undefined>;
        if (headers["x-ratelimit-remaining"] === "0") resetAt = resetTime(headers) ?? 0;
        return response;
      } catch (error) {
        const ms = rateLimitWait(error, options.now());
        if (ms === null || attempt >= maxRetries) throw error;
        await wait(ms, `GitHub answered ${(error as { status?: number }).status} (rate limit)`);
      }
    }
  });
}

function resetTime(headers: Record<string, string | undefined>): number | undefined {
  const reset = Number(headers["x-ratelimit-reset"]);
  return Number.isFinite(reset) && reset > 0 ? reset * 1000 + 1000 : undefined;
}

/** How long a rate-limit answer asks us to wait, or null when the error is not one. */
function rateLimitWait(error: unknown, now: number): number | null {
  const e = error as { status?: number; message?: string; response?: { headers?: Record<string, string | undefined> } };
  if (e.status !== 403 && e.status !== 429) return null;
  const headers = e.response?.headers ?? {};
  const retryAfter = Number(headers["retry-after"]);
  if (headers["retry-after"] !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter * 1000;
  if (headers["x-ratelimit-remaining"] === "0") {
    const reset = resetTime(headers);
    return reset !== undefined ? Math.max(0, reset - now) : SECONDARY_WAIT_MS;
  }
  if (/secondary rate limit/i.test(e.message ?? "")) return SECONDARY_WAIT_MS;
  // A 403 for a missing permission is not a rate limit: it fails at once.
  return null;
}
