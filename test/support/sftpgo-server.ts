// A stateful stand-in for SFTPGo's REST API, for tests Prism's stateless mock
// cannot serve: tokens that expire, are revoked by a logout, die on an account
// change, one-time codes that cannot be replayed, a server clock that differs
// from the client's; and, for the live suite (test/live/), the admin API to set
// up users, admins and API keys, two-factor enrolment, files, shares and a
// rate limiter.
//
// Answers follow the real SFTPGo 2.7.5 (bodies, messages, order of checks), as
// the live suite proves by passing against both; self-tests run it behind
// `prism proxy --errors` to prove it never violates openapi.yaml. The routes
// live in standin-*-routes.ts, authentication in standin-auth.ts.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { flattenHeaders } from './flatten-headers.js';
import { listenLocal } from './listen-local.js';
import { recordIncoming } from './secret-recorder.js';
import { accountRoutes, API_KEY_REFUSED } from './standin-account-routes.js';
import { adminRoutes } from './standin-admin-routes.js';
import { authenticate, clientAddress } from './standin-auth.js';
import { fileRoutes } from './standin-file-routes.js';
import { createRateLimiter, type RateLimit } from './standin-rate-limiter.js';
import { apiResponse, type Reply } from './standin-reply.js';
import { matcher, ReplyNow, type Route } from './standin-route.js';
import { createState, type Account, type ApiKeyOwner } from './standin-state.js';

export { totpCode } from './totp.js';
export type { Account, ApiKeyOwner, Realm } from './standin-state.js';
export type { RateLimit } from './standin-rate-limiter.js';

export interface SftpgoServerOptions {
  /** Prefix of every API path; default '/api/v2', '' serves at the root. */
  basePath?: string;
  /** Token lifetime in seconds; default 1200 (SFTPGo's 20 minutes). */
  lifetimeSeconds?: number;
  /** The server's clock is now() + clockOffsetMs: drives Date, iat/nbf/exp, expires_at and TOTP. */
  clockOffsetMs?: number;
  /** Injectable base clock; default the global Date.now at each call (so fake timers move it). */
  now?: () => number;
  admins?: Record<string, Account>;
  users?: Record<string, Account>;
  /** Key `<id>.<secret>` -> who it acts as; a key without `username` takes it from a third `.username` segment. */
  apiKeys?: Record<string, ApiKeyOwner>;
  /** Delay (real timers) before answering token paths, to widen concurrency windows. */
  tokenDelayMs?: number;
  /** SFTPGo's `common.rate_limiters` for HTTP, per client address; off when absent. */
  rateLimit?: RateLimit;
}

export interface RecordedRequest {
  method: string;
  /** Path without basePath and query (the full path when outside basePath). */
  path: string;
  headers: Record<string, string | undefined>;
  /** Status answered; 0 while the request is still pending. */
  status: number;
  /** A correctly signed bearer token was presented after its `exp` (no leeway). */
  presentedExpired?: boolean;
}

export interface SftpgoServer {
  /** origin + basePath, e.g. http://127.0.0.1:PORT/api/v2 */
  url: string;
  origin: string;
  /** Requests per 'GET /token' etc. (path without basePath), whatever the status. */
  counts(): Record<string, number>;
  /** Every request, in arrival order. */
  requests: RecordedRequest[];
  /** An account change: every token issued so far gets 401 "Your token is no longer valid". */
  revokeAll(): void;
  /** A restart with a new signing key: every token issued so far gets 401 Unauthorized. */
  rotateKey(): void;
  setClockOffset(ms: number): void;
  /** The server clock, in ms. */
  now(): number;
  close(): Promise<void>;
}

// Captured at load so vitest fake timers installed later cannot freeze tokenDelayMs.
const realSetTimeout = globalThis.setTimeout.bind(globalThis);
const ROUTES: Array<Route & { match: ReturnType<typeof matcher> }> = [...accountRoutes, ...adminRoutes, ...fileRoutes].map(
  (route) => ({ ...route, match: matcher(route.path) }),
);

export async function startSftpgoServer(opts: SftpgoServerOptions = {}): Promise<SftpgoServer> {
  const basePath = (opts.basePath ?? '/api/v2').replace(/\/+$/, '');
  // Looked up per call, so vitest fake timers installed after start still move this clock.
  const baseNow = opts.now ?? (() => Date.now());
  let offset = opts.clockOffsetMs ?? 0;
  const clock = (): number => baseNow() + offset;
  const state = createState({ ...opts, lifetimeSeconds: opts.lifetimeSeconds ?? 1200, clock });
  const limiter = opts.rateLimit ? createRateLimiter(opts.rateLimit, () => Date.now()) : undefined;
  const counts: Record<string, number> = {};
  const requests: RecordedRequest[] = [];

  async function answer(req: IncomingMessage, path: string, inBase: boolean, record: RecordedRequest): Promise<Reply> {
    // Public, at the root as SFTPGo has it, and under the base, where Prism's proxy forwards it.
    if (path === '/healthz' && record.method === 'GET') {
      req.resume();
      return { status: 200, raw: Buffer.from('ok'), headers: { 'Content-Type': 'text/plain; charset=utf-8' } };
    }
    const candidates = inBase ? ROUTES.filter((r) => r.match(path)) : [];
    if (candidates.length === 0) return apiResponse(404, 'Not Found');
    const route = candidates.find((r) => r.method === record.method);
    // SFTPGo's router answers a wrong method with an empty body.
    if (!route) return { status: 405, raw: Buffer.alloc(0) };
    const body = await readBody(req);
    if (route.auth.kind === 'token' && opts.tokenDelayMs) {
      await new Promise((resolve) => realSetTimeout(resolve, opts.tokenDelayMs));
    }
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const params = route.match(path)!;
    if (route.auth.kind !== 'bearer') return route.handle({ req, params, query, body, state, who: { realm: 'user', username: '' } });
    const who = authenticate(state, req, route.auth.realm, () => {
      record.presentedExpired = true;
    });
    if ('status' in who) return who;
    if (who.viaApiKey && !route.auth.apiKeys) return API_KEY_REFUSED;
    return route.handle({ req, params, query, body, state, who });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    recordIncoming('SFTPGo stand-in', origin, req);
    const fullPath = new URL(req.url ?? '/', 'http://localhost').pathname;
    const inBase = fullPath === basePath || fullPath.startsWith(`${basePath}/`);
    const path = inBase ? fullPath.slice(basePath.length) || '/' : fullPath;
    const method = req.method ?? 'GET';
    const record: RecordedRequest = { method, path, headers: flattenHeaders(req.headers), status: 0 };
    requests.push(record);
    counts[`${method} ${path}`] = (counts[`${method} ${path}`] ?? 0) + 1;

    let reply: Reply | undefined;
    if (limiter) {
      const admitted = limiter.admit(clientAddress(req));
      if ('status' in admitted) reply = admitted;
      else if (admitted.delayMs > 0) await new Promise((resolve) => realSetTimeout(resolve, admitted.delayMs));
    }
    if (reply) req.resume();
    reply ??= await answer(req, path, inBase, record).catch((error: unknown) => {
      if (error instanceof ReplyNow) return error.reply;
      throw error;
    });
    record.status = reply.status;
    const body = reply.raw ?? Buffer.from(JSON.stringify(reply.body ?? null));
    res.writeHead(reply.status, {
      Date: new Date(clock()).toUTCString(),
      ...(reply.raw ? {} : { 'Content-Type': 'application/json' }),
      'Content-Length': body.length,
      ...reply.headers,
    });
    res.end(body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: 'Internal Server Error', error: String(err) }));
    });
  });
  const origin = await listenLocal(server);

  return {
    url: origin + basePath,
    origin,
    counts: () => ({ ...counts }),
    requests,
    revokeAll: () => {
      for (const [jti, exp] of state.issued) state.revoked.set(jti, exp);
    },
    rotateKey: () => {
      state.signingKey = randomBytes(32);
    },
    setClockOffset: (ms) => {
      offset = ms;
    },
    now: clock,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // keep-alive sockets would hold close() open
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
