import type { Middleware } from 'openapi-fetch';
import type { SecurityMap } from '../../generated/security-map-types.js';
import { basicAuthorization } from './basic-authorization.js';
import { type AuthChoice, chooseAuth } from './choose-auth.js';
import type { RealmState } from '../tokens/create-realm.js';
import type { Transport } from '../transport/create-transport.js';

/**
 * Adds to each request exactly the credentials its operation's security asks
 * for, looked up by method and path template in the generated security map,
 * never by a list of paths kept here (issue 2). A bearer call answered 401
 * drops its token, obtains a new one and is sent again once, body included;
 * a second 401 goes back to the caller (issue 3).
 */
export function createAuthMiddleware(init: {
  map: SecurityMap;
  origin: string;
  realms: Record<'admin' | 'user', RealmState>;
  apiKey: string | undefined;
  transport: Transport;
  /** Path templates by request, for the transport's error messages. */
  templates: WeakMap<Request, string>;
  /** The realm whose token each bearer request carries, so a retry can present a current one. */
  bearers: WeakMap<Request, RealmState>;
}): Middleware {
  const choices = new Map<string, AuthChoice>();
  // Keyed by the request itself, so an entry goes with it even when no
  // onResponse comes (a later middleware answered from a cache, or threw).
  const replays = new WeakMap<Request, { request: Request; realm: RealmState; schemaPath: string }>();

  return {
    async onRequest({ request, schemaPath, options }) {
      const key = `${request.method} ${schemaPath}`;
      const op = init.map.operations[key];
      // An operation with its own server (SFTPGo's `/healthz` lives at the root,
      // not under /api/v2) is sent there, on the same origin.
      if (op?.server !== undefined) {
        // Both normalised (fetch drops a default port, lowercases the host): cut like for like.
        const rest = request.url.slice(new URL(options.baseUrl).href.replace(/\/$/, '').length);
        request = new Request(new URL(op.server, init.origin).href.replace(/\/$/, '') + rest, request);
      }
      init.templates.set(request, schemaPath);
      // Unknown operations, other origins and calls that bring their own
      // Authorization get nothing from us.
      // (A URL starts with its origin and a slash; a longer host does not match.)
      if (!op || !request.url.startsWith(`${init.origin}/`) || request.headers.has('authorization')) return request;
      const realm = init.realms[op.realm];
      // What the client holds never changes, so each operation's choice is made once.
      let choice = choices.get(key);
      if (!choice) {
        choice = chooseAuth(key, op, init.map, {
          credentials: realm.credentials !== undefined,
          staticToken: realm.staticToken !== undefined,
          apiKey: init.apiKey !== undefined,
        });
        choices.set(key, choice);
      }
      if (choice.apiKeyHeader) request.headers.set(choice.apiKeyHeader, init.apiKey!);
      if (choice.basic) {
        request.headers.set('authorization', basicAuthorization(realm.credentials!.username, realm.credentials!.password));
        if (!request.headers.has('x-sftpgo-otp')) {
          const code = await realm.otp(request.signal);
          if (code) request.headers.set('x-sftpgo-otp', code);
        }
      }
      if (choice.bearer) {
        const token = realm.tokens.current() ?? (await realm.tokens.get(request.signal));
        request.headers.set('authorization', `Bearer ${token}`);
        init.bearers.set(request, realm);
        // A body can be read once: keep a copy for the one replay a 401 may need.
        replays.set(request, { request: request.body === null ? request : request.clone(), realm, schemaPath });
      }
      return request;
    },

    async onResponse({ request, response }) {
      const replay = replays.get(request);
      replays.delete(request);
      if (!replay || response.status !== 401) return undefined;
      const { realm } = replay;
      await response.body?.cancel();
      init.transport.settle(response);
      // The token the server refused: the one last sent, which a retry may have renewed.
      const refused = request.headers.get('authorization')!.slice('Bearer '.length);
      if (realm.tokens.drop(refused)) realm.emit({ type: 'token-dropped', reason: 'rejected' });
      const token = await realm.tokens.get(request.signal);
      const again = new Request(replay.request);
      again.headers.set('authorization', `Bearer ${token}`);
      init.templates.set(again, replay.schemaPath);
      init.bearers.set(again, realm);
      return init.transport(again);
    },

    onError({ request }) {
      replays.delete(request);
      return undefined;
    },
  };
}
