// Requests to the server: a paced workload of bearer calls (GET /version) on
// the stateful SFTPGo-like test server, whose short-lived tokens expire a few
// times during the run. Counts the token requests each client makes, the calls
// that failed and the calls that presented an expired token (accepted only
// thanks to SFTPGo's 30 s leeway). A probe then moves the server's clock past
// that leeway, as if the client were used again later, and sends a few more calls.
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from '../generated/openapi.js';
import { createSftpgoClient } from '../src/index.js';
import { startSftpgoServer } from '../test/support/sftpgo-server.js';
import { progress } from './progress.js';

export interface TokenOptions {
  calls: number;
  concurrency: number;
  lifetimeSeconds: number;
  /** The calls are spread evenly over this many token lifetimes. */
  lifetimes: number;
  probeCalls: number;
}

export interface TokenRow {
  name: string;
  tokenRequests: number;
  /** ⌈W ÷ (L − m)⌉: the fewest token requests a window W needs with tokens of lifetime L renewed m before expiry. */
  floor: number;
  /** The renewal margin m of that floor, in ms. */
  marginMs: number;
  calls: number;
  failed: number;
  /** Why calls failed: `HTTP 401`, an error's name. */
  reasons: Record<string, number>;
  expiredPresented: number;
  durationMs: number;
  probe: { calls: number; failed: number; tokenRequests: number };
}

/** A call's outcome: undefined when it succeeded, else why it failed. */
type Call = () => Promise<string | undefined>;
type Contender = {
  name: string;
  make(baseUrl: string): Call;
  /** How long before expiry this client renews a token of the given lifetime (ms); none renews early when absent. */
  marginMs?(lifetimeMs: number): number;
};

/** The issue 15 floor: a window W takes ⌈W ÷ (L − m)⌉ tokens of lifetime L, each renewed m before it expires. */
export function tokenFloor(windowMs: number, lifetimeMs: number, marginMs: number): number {
  return Math.ceil(windowMs / (lifetimeMs - marginMs));
}

// The test server, like SFTPGo, still accepts a token this long after its exp.
const LEEWAY_S = 30;
const ADMIN = { username: 'admin', password: 'bench-password' };
const BASIC = `Basic ${btoa(`${ADMIN.username}:${ADMIN.password}`)}`;

export const OURS = 'sftpgo-client';
export const OURS_NO_MARGIN = 'sftpgo-client, renewMarginMs: 0';
export const DOC = 'openapi-fetch docs auth middleware';
export const PER_CALL = 'login on every call';

const outcome = async (result: Promise<{ response: Response }>) => {
  const { response } = await result;
  return response.ok ? undefined : `HTTP ${response.status}`;
};

/**
 * The docs' `someAuthFunc()`: SFTPGo's admin token request. Plain fetch, as a
 * middleware calling its own client would run itself again.
 */
async function someAuthFunc(baseUrl: string): Promise<{ accessToken?: string }> {
  const res = await fetch(`${baseUrl}/token`, { headers: { Authorization: BASIC } });
  const body = (await res.json()) as { access_token?: string };
  return body.access_token ? { accessToken: body.access_token } : {};
}

export const CONTENDERS: Contender[] = [
  {
    name: OURS,
    make(baseUrl) {
      const client = createSftpgoClient({ baseUrl, admin: ADMIN });
      return () => outcome(client.GET('/version'));
    },
    // The client's default (src/tokens/create-realm.ts): a tenth of the lifetime, at most 60 s.
    marginMs: (lifetimeMs) => Math.min(60_000, lifetimeMs / 10),
  },
  {
    // The same with no early renewal: what is left is the 1 s that token-expiry.ts
    // takes off for the Date header's whole-second resolution.
    name: OURS_NO_MARGIN,
    make(baseUrl) {
      const client = createSftpgoClient({ baseUrl, admin: ADMIN, renewMarginMs: 0 });
      return () => outcome(client.GET('/version'));
    },
    marginMs: () => 0,
  },
  {
    // openapi-fetch's "Middleware & Auth" page, "Basic auth" example, as written:
    // a token fetched when none is held, no sharing of a request under way, no
    // renewal ("(optional) add logic here to refresh token when it expires").
    name: DOC,
    make(baseUrl) {
      let accessToken: string | undefined = undefined;
      const authMiddleware: Middleware = {
        async onRequest({ request }) {
          // fetch token, if it doesn’t exist
          if (!accessToken) {
            const authRes = await someAuthFunc(baseUrl);
            if (authRes.accessToken) {
              accessToken = authRes.accessToken;
            } else {
              // handle auth error
            }
          }
          // (optional) add logic here to refresh token when it expires
          // add Authorization header to every request
          request.headers.set('Authorization', `Bearer ${accessToken}`);
          return request;
        },
      };
      const client = createClient<paths>({ baseUrl });
      client.use(authMiddleware);
      return () => outcome(client.GET('/version'));
    },
  },
  {
    name: PER_CALL,
    make(baseUrl) {
      const client = createClient<paths>({ baseUrl });
      client.use({
        async onRequest({ request }) {
          const { accessToken } = await someAuthFunc(baseUrl);
          request.headers.set('Authorization', `Bearer ${accessToken}`);
          return request;
        },
      });
      return () => outcome(client.GET('/version'));
    },
  },
];

/** `calls` calls, call i not sent before i/calls of `durationMs`, at most `concurrency` at once. */
async function paced(
  call: Call,
  opts: { calls: number; concurrency: number; durationMs: number; onProgress?: (done: number) => void },
): Promise<{ failed: number; reasons: Record<string, number>; ms: number }> {
  const reasons: Record<string, number> = {};
  let failed = 0;
  let next = 0;
  let done = 0;
  const start = performance.now();
  const worker = async () => {
    for (let i = next++; i < opts.calls; i = next++) {
      const wait = start + (i * opts.durationMs) / opts.calls - performance.now();
      if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
      let reason: string | undefined;
      try {
        reason = await call();
      } catch (error) {
        reason = error instanceof Error ? error.name : 'thrown';
      }
      if (reason !== undefined) {
        failed++;
        reasons[reason] = (reasons[reason] ?? 0) + 1;
      }
      opts.onProgress?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency, opts.calls) }, worker));
  return { failed, reasons, ms: performance.now() - start };
}

export async function measureTokenRequests(options: TokenOptions): Promise<TokenRow[]> {
  const rows: TokenRow[] = [];
  for (const contender of CONTENDERS) {
    const server = await startSftpgoServer({
      lifetimeSeconds: options.lifetimeSeconds,
      admins: { [ADMIN.username]: { password: ADMIN.password } },
    });
    const lifetimeMs = options.lifetimeSeconds * 1000;
    const windowMs = options.lifetimes * lifetimeMs;
    const marginMs = contender.marginMs?.(lifetimeMs) ?? 0;
    try {
      const call = contender.make(server.url);
      const bar = progress(`token requests: ${contender.name}`);
      const run = await paced(call, {
        calls: options.calls,
        concurrency: options.concurrency,
        durationMs: windowMs,
        onProgress: (done) => bar.update(done, options.calls),
      });
      bar.done();
      const tokenRequests = server.counts()['GET /token'] ?? 0;
      const expiredPresented = server.requests.filter((r) => r.path === '/version' && r.presentedExpired).length;
      // Later use: the server's clock past the last token's expiry plus leeway.
      server.setClockOffset((options.lifetimeSeconds + LEEWAY_S + 1) * 1000);
      const probe = await paced(call, { calls: options.probeCalls, concurrency: options.concurrency, durationMs: 0 });
      rows.push({
        name: contender.name,
        tokenRequests,
        floor: tokenFloor(windowMs, lifetimeMs, marginMs),
        marginMs,
        calls: options.calls,
        failed: run.failed,
        reasons: run.reasons,
        expiredPresented,
        durationMs: run.ms,
        probe: {
          calls: options.probeCalls,
          failed: probe.failed,
          tokenRequests: (server.counts()['GET /token'] ?? 0) - tokenRequests,
        },
      });
    } finally {
      await server.close();
    }
  }
  return rows;
}
