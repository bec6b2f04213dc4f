import createClient from 'openapi-fetch';
import { securityMap as defaultSecurityMap } from '../generated/security.js';
import { checkOptions } from './options/check-options.js';
import { createAuthMiddleware } from './auth/create-auth-middleware.js';
import type { SecurityMap } from './auth/security-map.js';
import { type CallRequest, createCallContexts } from './calls/call-context.js';
import { wrapMethods } from './calls/wrap-methods.js';
import { createRealm } from './tokens/create-realm.js';
import { createTransport } from './transport/create-transport.js';
import { DEFAULT_RETRY } from './transport/retry-delay.js';
import { requestToken } from './tokens/request-token.js';
import { revokeToken } from './tokens/revoke-token.js';
import { createServerClock } from './tokens/server-clock.js';
import { asyncDisposable, disposeClient } from './tokens/dispose-client.js';
import type { Realm, SftpgoClientOptions, TokenInfo } from './options/sftpgo-client-options.js';
import type { ProgressReporter } from './progress/create-progress-reporter.js';
import type { CreateSftpgoClient } from './types/create-sftpgo-client.js';
import type { SftpgoClient } from './types/sftpgo-client.js';

const DEFAULT_TIMEOUT_MS = 30_000;

/** What a runtime's entry brings to the client (src/node.ts: `node:http` for large bodies). */
export interface Platform {
  sendLarge?: (request: Request, bodySize?: number, progress?: ProgressReporter) => Promise<Response>;
  /** fetch streams request bodies over HTTP/1.1 (Node; not browsers). */
  streamsRequestBodies?: boolean;
}

/** `createSftpgoClient` for a runtime. */
export function sftpgoClientFactory(platform: Platform): CreateSftpgoClient {
  return (options: SftpgoClientOptions) => build(options, platform);
}

/** The client in any runtime: large bodies go through fetch. */
export const createSftpgoClient: CreateSftpgoClient = sftpgoClientFactory({});

function build(options: SftpgoClientOptions, platform: Platform): SftpgoClient<any> {
  const base = checkOptions(options);
  const map: SecurityMap = options.securityMap ?? defaultSecurityMap;
  const requests = new WeakMap<Request, CallRequest>();
  const contexts = createCallContexts();
  const transport = createTransport({
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: options.retry === false ? false : { ...DEFAULT_RETRY, ...definedOnly(options.retry) },
    describe: (request) => ({ method: request.method, path: requests.get(request)?.path ?? new URL(request.url).pathname }),
    // A retry may come after a long Retry-After: never present a token that expired meanwhile.
    async beforeRetry(request) {
      const realm = requests.get(request)?.realm;
      if (realm) request.headers.set('authorization', `Bearer ${await realm.tokens.get(request.signal)}`);
    },
    bodyOf: (request) => requests.get(request),
    streamsRequestBodies: platform.streamsRequestBodies === true,
    // A fetch of the caller's own (a proxy agent, a recorder) sees every request.
    sendLarge: options.fetch ? undefined : platform.sendLarge,
  });
  // Only these options reach openapi-fetch: it copies unknown options onto
  // every Request, and a password must not ride along. `manual`: the transport
  // decides about redirects, so credentials never follow one to another origin.
  const client = createClient<any>({
    // Resolved: in a page a relative `baseUrl` means the page's server.
    baseUrl: base.href.replace(/\/$/, ''),
    fetch: transport,
    redirect: 'manual',
    ...(options.headers ? { headers: options.headers } : {}),
  });
  const obtain = (realm: Realm, otp: string | undefined) => requestToken(client, map, realm, { otp });
  // One server, one clock: both realms' TOTP codes follow it (issue 14, defect 2).
  const clock = createServerClock(client);
  const realms = { admin: createRealm('admin', options, obtain, clock), user: createRealm('user', options, obtain, clock) };
  client.use(createAuthMiddleware({ map, base, realms, apiKey: options.apiKey, contexts }));
  wrapMethods(client, { transport, map, contexts, requests });

  const token = (realm: Realm) => async (init: { otp?: string; signal?: AbortSignal } = {}) =>
    (await requestToken(client, map, realm, init)).token;
  // The call methods are openapi-fetch's, wrapped; SftpgoClient types their answers.
  return Object.assign(client as unknown as SftpgoClient<any>, {
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
