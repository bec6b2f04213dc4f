import type { RetryOptions } from '../options/sftpgo-client-options.js';

export type RetryPolicy = Required<RetryOptions>;

export const DEFAULT_RETRY: RetryPolicy = { limit: 2, baseDelayMs: 300, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 };

/**
 * How long to wait before retry number `attempt + 1`: what `Retry-After` asks
 * (seconds, as SFTPGo sends, or an HTTP date, read against the response's own
 * `Date` so the client's clock does not matter), or else exponential backoff
 * with full jitter (a random wait up to the ceiling, so that many clients
 * failing at once do not retry at once). Undefined: the server asks for longer
 * than the policy allows waiting.
 */
export function retryDelay(policy: RetryPolicy, attempt: number, response?: Response): number | undefined {
  const header = response?.headers.get('retry-after');
  if (header) {
    const asked = /^\s*\d+\s*$/.test(header)
      ? Number(header) * 1000
      : Date.parse(header) - (Date.parse(response!.headers.get('date') ?? '') || Date.now());
    if (!Number.isNaN(asked)) return asked > policy.maxRetryAfterMs ? undefined : Math.max(0, asked);
  }
  return Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
}
