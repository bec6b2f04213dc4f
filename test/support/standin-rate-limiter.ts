// SFTPGo's per-source rate limiter for HTTP (`common.rate_limiters`), as the
// stand-in plays it: a token bucket refilled at `average` per `periodMs`,
// holding up to `burst`. A request that would have to wait up to half an
// interval is delayed, one that would wait longer is answered 429 with
// `Retry-After` (whole seconds, rounded up from half a second) and `X-Retry-In`.
import { apiResponse, type Reply } from './standin-reply.js';

export interface RateLimit {
  average: number;
  /** Default 1000, as SFTPGo. */
  periodMs?: number;
  /** Default 1, as SFTPGo. */
  burst?: number;
}

export interface RateLimiter {
  /** Undefined to go on (after `delayMs`), or the 429 to answer. */
  admit(source: string): { delayMs: number } | Reply;
}

export function createRateLimiter(limit: RateLimit, now: () => number): RateLimiter {
  const perMs = limit.average / (limit.periodMs ?? 1000);
  const burst = limit.burst ?? 1;
  // SFTPGo: half the period when the rate is under one a second, else half an interval; at most 10 s.
  const perSecond = perMs * 1000;
  const maxDelayMs = Math.min(10_000, perSecond < 1 ? (limit.periodMs ?? 1000) / 2 : 1000 / (Math.floor(perSecond) * 2));
  const buckets = new Map<string, { tokens: number; at: number }>();

  return {
    admit(source) {
      const t = now();
      const bucket = buckets.get(source) ?? { tokens: burst, at: t };
      bucket.tokens = Math.min(burst, bucket.tokens + (t - bucket.at) * perMs);
      bucket.at = t;
      buckets.set(source, bucket);
      const delayMs = bucket.tokens >= 1 ? 0 : (1 - bucket.tokens) / perMs;
      if (delayMs > maxDelayMs) {
        const error = `rate limit exceed, wait time to respect rate ${goDuration(delayMs)}, max wait time allowed ${goDuration(maxDelayMs)}`;
        const shown = delayMs + 499.999999;
        return apiResponse(429, 'Too Many Requests', error, {
          'Retry-After': String(Math.round(shown / 1000)),
          'X-Retry-In': goDuration(shown),
        });
      }
      bucket.tokens -= 1;
      return { delayMs };
    },
  };
}

/** A duration the way Go prints one: `999.845ms`, `1.2s`. */
export function goDuration(ms: number): string {
  const trim = (n: number) => n.toFixed(6).replace(/\.?0+$/, '');
  return ms < 1000 ? `${trim(ms)}ms` : `${trim(ms / 1000)}s`;
}
