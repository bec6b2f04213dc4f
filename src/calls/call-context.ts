import type { RealmState } from '../tokens/create-realm.js';
import type { BodyInfo } from '../transport/create-transport.js';

/**
 * What the client knows of a request of a call, recorded by the call wrapper
 * when the request is sent: the transport's `BodyInfo`, the path template for
 * error messages, and the realm of the token presented, for a retry to renew.
 */
export interface CallRequest extends BodyInfo {
  path: string;
  realm: RealmState | undefined;
}

/**
 * What one call (one `client.GET(...)` and its one replay) knows about
 * itself, shared by the call wrapper and the auth middleware. The middleware
 * finds it through the per-call `fetch` openapi-fetch hands it in `options`,
 * the one thing of the call both see whatever other middleware does.
 */
export interface CallContext {
  /** `METHOD /path template`, for error messages and the security map. */
  key: string;
  /** The body is a stream: it can be sent once only, never retried or replayed (issue 11). */
  oneShot: boolean;
  /** Set by the auth middleware when it presented a token of a realm. */
  bearer?: { realm: RealmState; token: string };
  /** The status of the answer to a request carrying that token, known before its body is read. */
  status?: number;
}

export interface CallContexts {
  /** The per-call fetch of a new call, sending through `send`, and its context. */
  open(key: string, oneShot: boolean, send: (request: Request) => Promise<Response>): { fetch: (request: Request) => Promise<Response>; context: CallContext };
  /** The context of the call whose per-call fetch this is. */
  find(fetch: unknown): CallContext | undefined;
}

export function createCallContexts(): CallContexts {
  const byFetch = new WeakMap<object, CallContext>();
  return {
    open(key, oneShot, send) {
      const context: CallContext = { key, oneShot };
      const fetch = (request: Request) => send(request);
      byFetch.set(fetch, context);
      return { fetch, context };
    },
    find: (fetch) => (typeof fetch === 'function' ? byFetch.get(fetch) : undefined),
  };
}
