import type { Client } from 'openapi-fetch';
import { untilAborted } from '../utils/until-aborted.js';

/**
 * The server's time as this client knows it, for the one thing that must be
 * on the server's clock before any answer can tell: TOTP codes. SFTPGo takes a
 * code for its own step and one either side; with this machine's clock an hour
 * off, every code was refused and every token request counted as a failed
 * login (issue 14, defect 2). Expiry needs none of this: it is read from each
 * token answer against its own `Date` (token-expiry.ts).
 */
export interface ServerClock {
  /** The server's time now, in ms: this machine's clock, corrected by what the server's answers said. */
  now(): number;
  /** Learns from an answer's `Date` header, the request sent and its answer received at these instants of this machine's clock. */
  learn(dateHeader: string | null, sentAt: number, receivedAt: number): void;
  /**
   * Before a code is made: when nothing was learnt yet, asks `GET /healthz`
   * once (shared by concurrent callers). It is public and takes no
   * credentials, so it can never count as a failed login. Never throws: with
   * no answer the next code asks again; with an answer whose `Date` cannot be
   * read (a browser hides it across origins unless the server exposes it),
   * this machine's clock has to do.
   */
  sync(signal?: AbortSignal): Promise<void>;
}

export function createServerClock(client: Client<any>, localNow: () => number = Date.now): ServerClock {
  /** Server minus this machine, in ms; undefined until an answer told. */
  let offset: number | undefined;
  let unreadable = false;
  let probing: Promise<void> | undefined;

  function learn(dateHeader: string | null, sentAt: number, receivedAt: number): void {
    const date = dateHeader ? Date.parse(dateHeader) : Number.NaN;
    if (Number.isNaN(date)) return;
    // `Date` has whole seconds, cut down: the server's instant lies in the
    // second after it, somewhere between sending and receiving. The middle of
    // both is off by at most half a second plus half the round trip, far
    // inside the 30 s of a TOTP step.
    offset = date + 500 - (sentAt + receivedAt) / 2;
  }

  async function probe(): Promise<void> {
    const sentAt = localNow();
    try {
      // Its own path and server come from the security map; in a map without
      // it the request goes under the API root, where SFTPGo answers 404, with a `Date` too.
      const { response } = await client.GET('/healthz', { parseAs: 'text' });
      learn(response.headers.get('date'), sentAt, localNow());
      if (offset === undefined) unreadable = true;
    } catch {
      // No answer (refused, timed out): the token request that follows will say so, typed.
    } finally {
      probing = undefined;
    }
  }

  return {
    now: () => localNow() + (offset ?? 0),
    learn,
    async sync(signal) {
      if (offset !== undefined || unreadable) return;
      // Shared, so it is not tied to one caller's signal: that caller stops waiting, the probe goes on.
      probing ??= probe();
      await untilAborted(probing, signal);
    },
  };
}
