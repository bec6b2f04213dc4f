/**
 * One realm's token: obtained once, shared by every concurrent call, renewed
 * before it expires (issue 3). While a renewal is under way, calls keep using
 * the token they have as long as it is still valid; only calls that find no
 * valid token wait, and they all wait on the same request. A failed request
 * rejects every waiter and caches nothing, so the next call tries again.
 */
import { untilAborted } from '../utils/until-aborted.js';

const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;

export interface HeldToken {
  token: string;
  /** This machine's clock, ms. */
  expiresAt: number;
  renewAt: number;
  source: 'obtained' | 'static';
}

export interface TokenCache {
  /** The held token while it needs no renewal: the common case, answered without a promise. */
  current(): string | undefined;
  /** A token valid now: the held one, or a new one. A caller whose signal aborts stops waiting; the request goes on for others. */
  get(signal?: AbortSignal): Promise<string>;
  /**
   * A token with at least the renewal margin left: the held one before its
   * `renewAt`, otherwise a new one, waited for. For a body that is sent once
   * and may take long (a stream upload, issue 11).
   */
  fresh(signal?: AbortSignal): Promise<string>;
  /** Forget `token` if it is the one held (a 401 for an older token changes nothing). */
  drop(token: string): boolean;
  peek(): HeldToken | undefined;
  /** The request under way, if any, so logout can wait for it. */
  pending(): Promise<HeldToken> | undefined;
}

export function createTokenCache(init: {
  obtain: () => Promise<HeldToken>;
  now: () => number;
  initial?: HeldToken;
}): TokenCache {
  let held = init.initial;
  let inflight: Promise<HeldToken> | undefined;
  // After a background renewal fails (a changed password, a server error), the
  // next waits a while, doubling: otherwise every call in the margin would send
  // a login, and SFTPGo's defender bans addresses with many failed logins.
  let backoffMs = FIRST_BACKOFF_MS;
  let quietUntil = 0;

  function refresh(): Promise<HeldToken> {
    inflight ??= init.obtain().then(
      (token) => {
        held = token;
        inflight = undefined;
        backoffMs = FIRST_BACKOFF_MS;
        quietUntil = 0;
        return token;
      },
      (error: unknown) => {
        inflight = undefined;
        throw error;
      },
    );
    return inflight;
  }

  return {
    current: () => (held && init.now() < held.renewAt ? held.token : undefined),
    async get(signal) {
      const now = init.now();
      if (held && now < held.renewAt) return held.token;
      if (held && now < held.expiresAt && held.source === 'obtained') {
        if (!inflight && now >= quietUntil) {
          // The old token serves until it expires; a call after that surfaces the error.
          refresh().catch(() => {
            quietUntil = init.now() + backoffMs;
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
          });
        }
        return held.token;
      }
      return (await untilAborted(refresh(), signal)).token;
    },
    async fresh(signal) {
      if (held && init.now() < held.renewAt) return held.token;
      return (await untilAborted(refresh(), signal)).token;
    },
    drop(token) {
      if (held?.token !== token) return false;
      held = undefined;
      return true;
    },
    peek: () => held,
    pending: () => inflight,
  };
}
