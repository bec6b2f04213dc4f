import type { Middleware } from 'openapi-fetch';
import type { CallContexts } from '../calls/call-context.js';
import { SftpgoConfigError } from '../errors/sftpgo-config-error.js';
import type { RealmState } from '../tokens/create-realm.js';
import { basicAuthorization } from './basic-authorization.js';
import { type AuthChoice, chooseAuth } from './choose-auth.js';
import type { SecurityMap } from './security-map.js';

/**
 * Adds to each request exactly the credentials its operation's security asks
 * for, looked up by method and path template in the generated security map,
 * never by a list of paths kept here (issue 2). An operation the map does not
 * know is refused before sending: it would go out with no credentials and
 * come back 401 (issue 10). Replays after a 401 are the call wrapper's
 * (src/calls/wrap-methods.ts); this only records which token it presented.
 */
export function createAuthMiddleware(init: {
  map: SecurityMap;
  /** The resolved API root, and its origin: credentials go there only. */
  base: URL;
  realms: Record<'admin' | 'user', RealmState>;
  apiKey: string | undefined;
  contexts: CallContexts;
}): Middleware {
  const choices = new Map<string, AuthChoice>();
  const origin = init.base.origin;

  return {
    async onRequest({ request, schemaPath, options }) {
      const key = `${request.method} ${schemaPath}`;
      const op = init.map.operations[key];
      if (!op) {
        throw new SftpgoConfigError(
          `${key} is not in the security map the client was given, so it would be sent with no credentials; pass the securityMap generated with these types (or use the createSftpgoClient that \`sftpgo-client generate\` wrote beside them)`,
        );
      }
      // An operation with its own server (SFTPGo's `/healthz` lives at the root,
      // not under /api/v2) is sent there, on the same origin.
      if (op.server !== undefined) {
        // Both normalised (fetch drops a default port, lowercases the host): cut like for like.
        const rest = request.url.slice(new URL(options.baseUrl, init.base).href.replace(/\/$/, '').length);
        request = new Request(new URL(op.server, origin).href.replace(/\/$/, '') + rest, request);
      }
      // Other origins and calls that bring their own Authorization (a share's
      // password, a token from elsewhere) get nothing from us.
      // (A URL starts with its origin and a slash; a longer host does not match.)
      if (!request.url.startsWith(`${origin}/`) || request.headers.has('authorization')) return request;
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
        const context = init.contexts.find(options.fetch);
        // A stream is sent once: its token must last the upload, so one in
        // its renewal margin is renewed first (issue 11).
        const token = context?.oneShot
          ? await realm.tokens.fresh(request.signal)
          : (realm.tokens.current() ?? (await realm.tokens.get(request.signal)));
        request.headers.set('authorization', `Bearer ${token}`);
        if (context) context.bearer = { realm, token };
      }
      return request;
    },
  };
}
