import type { Client } from 'openapi-fetch';
import type { Realm } from '../options/sftpgo-client-options.js';
import type { RealmState } from './create-realm.js';
import { revokeToken } from './revoke-token.js';

declare global {
  interface SymbolConstructor {
    /**
     * Explicit resource management (`await using`). Declared here, as
     * TypeScript's `esnext.disposable` library and Node's types declare it, so
     * that the package's declarations check without either: a browser project
     * has neither (issue 14).
     */
    readonly asyncDispose: unique symbol;
  }
}

/**
 * The client's `[Symbol.asyncDispose]`. Named here, beside the declaration of
 * the symbol, so that the package's declarations that use it bring that
 * declaration along.
 */
export type AsyncDispose = () => Promise<void>;

/** The paths that revoke each realm's token. */
const LOGOUT: Record<Realm, string> = { admin: '/logout', user: '/user/logout' };

/**
 * What the end of `await using client = createSftpgoClient(…)` does (issue
 * 14): revokes the tokens this client obtained, admin and user, each after the
 * token request in flight, if any (its token is about to be held), and stops
 * obtaining new ones, so no call still running leaves a live token behind. A
 * static `accessToken` is left alone: it came from elsewhere and may serve
 * others; `logout()` revokes it when asked. Both realms are tried; the first
 * failure is thrown once both are done.
 */
export async function disposeClient(client: Client<any>, realms: Record<Realm, RealmState>): Promise<void> {
  const outcomes = await Promise.allSettled(
    (['admin', 'user'] as const).map((name) => {
      realms[name].dispose();
      return revokeToken(client, realms[name], LOGOUT[name], undefined, 'obtained');
    }),
  );
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * `{ [Symbol.asyncDispose]: dispose }` to spread onto the client. A runtime
 * without explicit resource management has no `Symbol.asyncDispose`: there the
 * key would be the string "undefined", so nothing is added (nor could any
 * code there name the method).
 */
export function asyncDisposable(dispose: AsyncDispose): { [Symbol.asyncDispose]: AsyncDispose } {
  return (typeof Symbol.asyncDispose === 'symbol' ? { [Symbol.asyncDispose]: dispose } : {}) as { [Symbol.asyncDispose]: AsyncDispose };
}
