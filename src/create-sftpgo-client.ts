import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../generated/openapi.js';
import { securityMap as defaultSecurityMap } from '../generated/security.js';
import { checkOptions } from './options/check-options.js';
import { createAuthMiddleware } from './auth/create-auth-middleware.js';
import { createRealm, type RealmState } from './tokens/create-realm.js';
import { createTransport } from './transport/create-transport.js';
import { DEFAULT_RETRY } from './transport/retry-delay.js';
import { requestToken, type Token } from './tokens/request-token.js';
import { revokeToken } from './tokens/revoke-token.js';
import { createServerClock } from './tokens/server-clock.js';
import { type AsyncDispose, asyncDisposable, disposeClient } from './tokens/dispose-client.js';
import type { ApiResponse } from './errors/sftpgo-api-error.js';
import type { Realm, SftpgoClientOptions, TokenInfo } from './options/sftpgo-client-options.js';
import { wrapMethods } from './transport/wrap-methods.js';

const DEFAULT_TIMEOUT_MS = 30_000;

export interface SftpgoMethods {
  /** Asks `/token` for a new admin token, every time. @example const { access_token } = await client.getToken() */
  getToken(init?: { otp?: string; signal?: AbortSignal }): Promise<Token>;
  /** Asks `/user/token` for a new user token, every time. */
  getUserToken(init?: { otp?: string; signal?: AbortSignal }): Promise<Token>;
  /**
   * Revokes the admin token the client holds and forgets it. No token held: no
   * request, resolves undefined. A token the server already refused counts as revoked.
   */
  logout(init?: { signal?: AbortSignal }): Promise<ApiResponse | undefined>;
  /** The same as `logout()`, for the user token. */
  clientLogout(init?: { signal?: AbortSignal }): Promise<ApiResponse | undefined>;
  /** What the client holds for a realm, without the token itself. */
  tokenInfo(realm: Realm): TokenInfo | undefined;
  /**
   * `await using client = createSftpgoClient(…)`: when the scope ends, the tokens
   * the client obtained are revoked (after a token request in flight) and no more
   * are obtained. A static `accessToken` is left alone; `logout()` revokes it.
   */
  [Symbol.asyncDispose]: AsyncDispose;
}

export type SftpgoClient<Paths extends {} = paths> = Client<Paths> & SftpgoMethods;

/**
 * An openapi-fetch client typed by the spec, whose calls carry the credentials
 * their operation asks for: tokens obtained once, shared, renewed before they
 * expire and recovered once after a 401.
 *
 * @example
 * const client = createSftpgoClient({
 *   baseUrl: 'https://sftpgo.example.com/api/v2',
 *   admin: { username: 'admin', password: process.env.SFTPGO_PASSWORD! },
 * });
 * const { data } = await client.GET('/version');
 */
export function createSftpgoClient<Paths extends {} = paths>(options: SftpgoClientOptions): SftpgoClient<Paths> {
  const base = checkOptions(options);
  const map = options.securityMap ?? defaultSecurityMap;
  const templates = new WeakMap<Request, string>();
  const bearers = new WeakMap<Request, RealmState>();
  const transport = createTransport({
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: options.retry === false ? false : { ...DEFAULT_RETRY, ...definedOnly(options.retry) },
    describe: (request) => ({ method: request.method, path: templates.get(request) ?? new URL(request.url).pathname }),
    // A retry may come after a long Retry-After: never present a token that expired meanwhile.
    async beforeRetry(request) {
      const realm = bearers.get(request);
      if (realm) request.headers.set('authorization', `Bearer ${await realm.tokens.get(request.signal)}`);
    },
  });
  // Only these options reach openapi-fetch: it copies unknown options onto
  // every Request, and a password must not ride along. `manual`: the transport
  // decides about redirects, so credentials never follow one to another origin.
  const client = createClient<Paths>({
    baseUrl: options.baseUrl,
    fetch: transport,
    redirect: 'manual',
    ...(options.headers ? { headers: options.headers } : {}),
  });
  const obtain = (realm: Realm, otp: string | undefined) => requestToken(client, map, realm, { otp });
  // One server, one clock: both realms' TOTP codes follow it (issue 14, defect 2).
  const clock = createServerClock(client);
  const realms = { admin: createRealm('admin', options, obtain, clock), user: createRealm('user', options, obtain, clock) };
  client.use(createAuthMiddleware({ map, origin: base.origin, realms, apiKey: options.apiKey, transport, templates, bearers }));

  wrapMethods(client, transport);

  const token = (realm: Realm) => async (init: { otp?: string; signal?: AbortSignal } = {}) =>
    (await requestToken(client, map, realm, init)).token;
  return Object.assign(client, {
    getToken: token('admin'),
    getUserToken: token('user'),
    logout: (init: { signal?: AbortSignal } = {}) => revokeToken(client, realms.admin, '/logout', init.signal),
    clientLogout: (init: { signal?: AbortSignal } = {}) => revokeToken(client, realms.user, '/user/logout', init.signal),
    tokenInfo(realm: Realm): TokenInfo | undefined {
      const held = realms[realm].tokens.peek();
      if (!held) return undefined;
      return held.source === 'static'
        ? { source: 'static' }
        : { source: 'obtained', expiresAt: new Date(held.expiresAt), renewAt: new Date(held.renewAt) };
    },
    ...asyncDisposable(() => disposeClient(client, realms)),
  });
}

/** `{ limit: undefined }` means the default, not no limit. */
function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
