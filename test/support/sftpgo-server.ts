// A small stateful stand-in for SFTPGo's token API, for tests Prism's
// stateless mock cannot serve: tokens that expire, are revoked by a logout,
// die on an account change, one-time codes that cannot be replayed, a server
// clock that differs from the client's.
//
// Bodies follow openapi.yaml (Token, ApiResponse, VersionInfo, UserProfile) and
// the messages the real server sends (read from SFTPGo v2.7.5's internal/httpd); self-tests run it
// behind `prism proxy --errors` to prove it never violates the spec.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { flattenHeaders } from './flatten-headers.js';
import { signJwt, verifyJwt, type JwtClaims } from './jwt.js';
import { totpCodeAtStep, totpStep } from './totp.js';
import { listenLocal } from './listen-local.js';

export { totpCode } from './totp.js';

export type Realm = 'admin' | 'user';

export interface Account {
  password: string;
  /** Base32 TOTP secret; when set, token requests need a valid X-SFTPGO-OTP. */
  totpSecret?: string;
}

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
  /** Key `<id>.<secret>` -> who it acts as. A third `.username` segment is accepted and ignored. */
  apiKeys?: Record<string, { realm: Realm; username: string }>;
  /** Delay (real timers) before answering token paths, to widen concurrency windows. */
  tokenDelayMs?: number;
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
  /** A restart with a new signing key: every token issued so far gets 401 "token is unauthorized". */
  rotateKey(): void;
  setClockOffset(ms: number): void;
  /** The server clock, in ms. */
  now(): number;
  close(): Promise<void>;
}

// SFTPGo accepts tokens 30 s past exp and sets nbf 30 s before iat.
const LEEWAY_S = 30;
// A TOTP code, once accepted, is refused for this long.
const OTP_REUSE_MS = 2 * 60_000;
const AUDIENCE: Record<Realm, string> = { admin: 'API', user: 'WebClient' };
const CHALLENGE = { 'WWW-Authenticate': 'Basic realm="SFTPGo"' };
// Captured at load so vitest fake timers installed later cannot freeze tokenDelayMs.
const realSetTimeout = globalThis.setTimeout.bind(globalThis);

type Route = { kind: 'token' | 'logout' | 'version' | 'profile'; realm: Realm };
const ROUTES: Record<string, Route> = {
  '/token': { kind: 'token', realm: 'admin' },
  '/user/token': { kind: 'token', realm: 'user' },
  '/logout': { kind: 'logout', realm: 'admin' },
  '/user/logout': { kind: 'logout', realm: 'user' },
  '/version': { kind: 'version', realm: 'admin' },
  '/user/profile': { kind: 'profile', realm: 'user' },
};

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

type Principal = { username: string; claims?: JwtClaims };

const error = (status: number, message: string, err?: string, headers?: Record<string, string>): Reply => ({
  status,
  body: err === undefined ? { message } : { message, error: err },
  ...(headers ? { headers } : {}),
});

export async function startSftpgoServer(opts: SftpgoServerOptions = {}): Promise<SftpgoServer> {
  const basePath = (opts.basePath ?? '/api/v2').replace(/\/+$/, '');
  const lifetime = opts.lifetimeSeconds ?? 1200;
  // Looked up per call, so vitest fake timers installed after start still move this clock.
  const baseNow = opts.now ?? (() => Date.now());
  const accounts: Record<Realm, Record<string, Account>> = { admin: opts.admins ?? {}, user: opts.users ?? {} };
  const apiKeys = opts.apiKeys ?? {};
  let offset = opts.clockOffsetMs ?? 0;
  let key = randomBytes(32);
  const issued = new Map<string, number>(); // jti -> exp, to revoke them all at once
  const revoked = new Map<string, number>(); // jti -> exp, kept until it would have expired
  const usedCodes = new Map<string, Map<string, number>>(); // realm:username -> code -> accepted at
  const counts: Record<string, number> = {};
  const requests: RecordedRequest[] = [];
  const clock = (): number => baseNow() + offset;

  function issueToken(req: IncomingMessage, realm: Realm): Reply {
    const creds = parseBasic(req.headers.authorization);
    if (!creds) return error(401, 'Unauthorized', undefined, CHALLENGE);
    const bad = error(401, 'Unauthorized', 'invalid credentials', CHALLENGE);
    const account = Object.hasOwn(accounts[realm], creds.username) ? accounts[realm][creds.username] : undefined;
    if (!account || account.password !== creds.password) return bad;
    if (account.totpSecret !== undefined) {
      const otp = req.headers['x-sftpgo-otp'];
      if (typeof otp !== 'string' || !acceptOtp(`${realm}:${creds.username}`, account.totpSecret, otp)) return bad;
    }
    const iat = Math.floor(clock() / 1000);
    const claims: JwtClaims = {
      aud: [AUDIENCE[realm]],
      exp: iat + lifetime,
      iat,
      jti: randomBytes(12).toString('hex'),
      nbf: iat - LEEWAY_S,
      sub: creds.username,
      username: creds.username,
    };
    forgetExpired(issued);
    issued.set(claims.jti, claims.exp);
    const expiresAt = new Date(claims.exp * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return { status: 200, body: { access_token: signJwt(claims, key), expires_at: expiresAt } };
  }

  // RFC 6238 with one step of skew either way, as SFTPGo; single use for 2 minutes.
  function acceptOtp(account: string, secret: string, code: string): boolean {
    const t = clock();
    const step = totpStep(t);
    if (![step - 1, step, step + 1].some((s) => totpCodeAtStep(secret, s) === code)) return false;
    const used = usedCodes.get(account) ?? new Map<string, number>();
    for (const [c, at] of used) if (t - at >= OTP_REUSE_MS) used.delete(c);
    if (used.has(code)) return false;
    used.set(code, t);
    usedCodes.set(account, used);
    return true;
  }

  // SFTPGo's order: an API key header wins over a bearer token; then signature,
  // expiry, audience, revocation.
  function authenticate(req: IncomingMessage, realm: Realm, record: RecordedRequest): Principal | Reply {
    const apiKey = req.headers['x-sftpgo-api-key'];
    if (typeof apiKey === 'string' && apiKey !== '') {
      const parts = apiKey.split('.');
      if (parts.length < 2) return error(400, 'Bad Request', 'invalid API key');
      const id = `${parts[0]}.${parts[1]}`;
      const who = Object.hasOwn(apiKeys, id) ? apiKeys[id] : undefined;
      if (!who || who.realm !== realm) return error(401, 'Unauthorized', 'invalid API key');
      return { username: who.username };
    }
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match) return error(401, 'Unauthorized', 'no token found');
    const claims = verifyJwt(match[1]!, key);
    if (!claims) return error(401, 'Unauthorized', 'token is unauthorized');
    const t = clock();
    if (t > claims.exp * 1000) record.presentedExpired = true;
    if (t > (claims.exp + LEEWAY_S) * 1000) return error(401, 'Unauthorized', 'token is expired');
    if (t < (claims.nbf - LEEWAY_S) * 1000) return error(401, 'Unauthorized', 'token nbf validation failed');
    if (!claims.aud.includes(AUDIENCE[realm])) return error(401, 'Your token audience is not valid', 'invalid token');
    if (revoked.has(claims.jti)) return error(401, 'Your token is no longer valid', 'invalid token');
    return { username: claims.username, claims };
  }

  function answer(req: IncomingMessage, route: Route, record: RecordedRequest): Reply {
    if (route.kind === 'token') return issueToken(req, route.realm);
    const who = authenticate(req, route.realm, record);
    if ('status' in who) return who;
    switch (route.kind) {
      case 'logout':
        if (!who.claims) return error(403, 'API key authentication is not allowed');
        forgetExpired(revoked);
        revoked.set(who.claims.jti, who.claims.exp);
        return { status: 200, body: { message: 'Your token was successfully revoked' } };
      case 'version':
        return {
          status: 200,
          body: { version: '2.7.5', build_date: '2026-01-10T17:22:41Z', commit_hash: '8c4f5a1', features: ['+metrics', '+unixcrypt', '+portable'] },
        };
      case 'profile':
        return { status: 200, body: profileOf(who.username, apiKeys) };
    }
  }

  function forgetExpired(jtis: Map<string, number>): void {
    const nowS = clock() / 1000;
    for (const [jti, exp] of jtis) if (nowS > exp + LEEWAY_S) jtis.delete(jti);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.resume(); // GETs only; drain any body so keep-alive works
    const fullPath = new URL(req.url ?? '/', 'http://localhost').pathname;
    const inBase = fullPath === basePath || fullPath.startsWith(`${basePath}/`);
    const path = inBase ? fullPath.slice(basePath.length) || '/' : fullPath;
    const method = req.method ?? 'GET';
    const record: RecordedRequest = { method, path, headers: flattenHeaders(req.headers), status: 0 };
    requests.push(record);
    counts[`${method} ${path}`] = (counts[`${method} ${path}`] ?? 0) + 1;

    const route = inBase && Object.hasOwn(ROUTES, path) ? ROUTES[path] : undefined;
    let reply: Reply;
    if (!route) reply = error(404, 'Not Found');
    else if (method !== 'GET') reply = error(405, 'Method Not Allowed');
    else {
      if (route.kind === 'token' && opts.tokenDelayMs) {
        await new Promise((resolve) => realSetTimeout(resolve, opts.tokenDelayMs));
      }
      reply = answer(req, route, record);
    }
    record.status = reply.status;
    const body = JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      Date: new Date(clock()).toUTCString(),
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
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
      for (const [jti, exp] of issued) revoked.set(jti, exp);
    },
    rotateKey: () => {
      key = randomBytes(32);
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

/** `Authorization: Basic base64(user:password)`, or undefined when missing or malformed. */
function parseBasic(header: string | undefined): { username: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function profileOf(username: string, apiKeys: NonNullable<SftpgoServerOptions['apiKeys']>): Record<string, unknown> {
  return {
    // `format: email` in the spec: only usernames that make a plausible address get one.
    ...(/^[A-Za-z0-9._-]+$/.test(username) ? { email: `${username}@example.com` } : {}),
    description: `Profile of ${username}`,
    allow_api_key_auth: Object.values(apiKeys).some((k) => k.realm === 'user' && k.username === username),
    public_keys: [],
  };
}
