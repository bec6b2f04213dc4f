// Every request the live suite sends through Prism, with what came back, and
// the rules no answer may break whatever the check: Prism found nothing wrong
// (a spec violation, a request it refused itself), no token was presented
// after its expiry, and no token went to the other realm's paths.
import { performance } from 'node:perf_hooks';

export type Realm = 'admin' | 'user';

export interface WireEntry {
  /**
   * `client`: sent by a sftpgo-client under test; `raw`: by the check itself, on purpose;
   * `twin`: a copy sent through Prism of a binary download the client sent to the server.
   */
  source: 'client' | 'raw' | 'twin';
  method: string;
  /** Path below the API root, e.g. `/user/profile`, whether sent to a proxy or to the server. */
  path: string;
  /** Sent to the server itself, not through Prism. */
  direct?: boolean;
  headers: Record<string, string>;
  /** A JSON request body, as sent. */
  body?: string;
  /** performance.now() when the request left and when its headers came back; `wallAt`: Date.now() when it left. */
  sentAt: number;
  wallAt: number;
  answeredAt?: number;
  status?: number;
  responseHeaders?: Record<string, string>;
  /** What Prism said was wrong, if anything. */
  prismProblem?: string;
}

export interface Wire {
  entries: WireEntry[];
  fetch(source: WireEntry['source']): (request: Request) => Promise<Response>;
  /** Problems with the entries from index `from` on: one line each. */
  problems(from: number): string[];
  /**
   * Where the spec, not the server, is wrong, from `from` on: Prism refusing a twin
   * for want of credentials the server did not ask for (upstream's security for shares).
   */
  gaps(from: number): string[];
  /** Which realm's token path answered this token, if one of ours did. */
  realmOf(token: string): Realm | undefined;
}

const realmOfPath = (path: string): Realm => (path.startsWith('/user/') ? 'user' : 'admin');
const TOKEN_PATHS: Record<string, Realm> = { '/token': 'admin', '/user/token': 'user' };

/** `directUrl`: the server's API root; its path (`/api/v2`) is cut from requests sent to it directly. */
export function createWire(directUrl: string): Wire {
  const direct = new URL(directUrl);
  const directRoot = direct.pathname.replace(/\/+$/, '');
  const entries: WireEntry[] = [];
  const tokens = new Map<string, Realm>();

  const fetchFor = (source: WireEntry['source']) => async (request: Request) => {
    const url = new URL(request.url);
    const isDirect = url.origin === direct.origin;
    const entry: WireEntry = {
      source,
      method: request.method,
      path: isDirect && url.pathname.startsWith(directRoot) ? url.pathname.slice(directRoot.length) : url.pathname,
      ...(isDirect ? { direct: true } : {}),
      headers: Object.fromEntries(request.headers),
      ...((request.headers.get('content-type') ?? '').includes('json') && request.body ? { body: await request.clone().text() } : {}),
      sentAt: performance.now(),
      wallAt: Date.now(),
    };
    entries.push(entry);
    const response = await fetch(request);
    entry.answeredAt = performance.now();
    entry.status = response.status;
    entry.responseHeaders = Object.fromEntries(response.headers);
    // Prism's own answer (a request it refused, an error-level violation), or an upstream answer
    // it passed on with warnings (an undeclared status, say): either is an answer the spec does not describe.
    const violations = response.headers.get('sl-violations');
    if ((response.headers.get('content-type') ?? '').startsWith('application/problem+json')) {
      const body = (await response.clone().json().catch(() => ({}))) as { type?: string; title?: string; detail?: string };
      entry.prismProblem = `${body.type?.split('#')[1] ?? 'problem'}: ${violations ?? body.detail ?? body.title ?? ''}`;
    } else if (violations) {
      entry.prismProblem = `violations: ${violations}`;
    }
    const realm = TOKEN_PATHS[entry.path];
    if (realm && response.status === 200) {
      const body = (await response.clone().json().catch(() => undefined)) as { access_token?: unknown } | undefined;
      if (typeof body?.access_token === 'string') tokens.set(body.access_token, realm);
    }
    return response;
  };

  const isGap = (entry: WireEntry) =>
    entry.source === 'twin' && entry.headers.authorization === undefined && entry.prismProblem?.startsWith('UNAUTHORIZED');

  function gaps(from: number): string[] {
    return entries
      .slice(from)
      .filter(isGap)
      .map((e) => `the spec's security makes Prism refuse ${e.method} ${e.path} without credentials, which the server served`);
  }

  function problems(from: number): string[] {
    const found: string[] = [];
    for (const entry of entries.slice(from)) {
      const where = `${entry.method} ${entry.path}`;
      if (entry.prismProblem && !isGap(entry)) found.push(`Prism refused ${where} (${entry.status}): ${entry.prismProblem}`);
      if (entry.source !== 'client') continue;
      const token = /^Bearer (.+)$/.exec(entry.headers.authorization ?? '')?.[1];
      if (!token) continue;
      const realm = tokens.get(token);
      if (realm && realm !== realmOfPath(entry.path)) found.push(`a ${realm} token went to ${where}`);
      const exp = expiryOf(token);
      const date = Date.parse(entry.responseHeaders?.date ?? '');
      // `Date` has whole seconds: a token is surely expired only from exp + 1 s.
      if (exp !== undefined && !Number.isNaN(date) && date / 1000 >= exp + 1) {
        found.push(`${where} presented a token ${Math.round(date / 1000 - exp)} s after its expiry (server clock)`);
      }
    }
    return found;
  }

  return { entries, fetch: fetchFor, problems, gaps, realmOf: (token) => tokens.get(token) };
}

/** The `exp` claim of a JWT, without checking anything else: only to watch what the client presents. */
export function expiryOf(token: string): number | undefined {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp : undefined;
  } catch {
    return undefined;
  }
}
