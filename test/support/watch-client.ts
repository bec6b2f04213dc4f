/**
 * Wraps `createSftpgoClient` so that the secret recorder sees every string a
 * client produces, in any test (issue 14): what its methods throw or reject
 * with (message, stack, cause, through util.inspect with hidden properties,
 * and JSON.stringify), the events its hook hears, what `tokenInfo` tells, and
 * the client itself through util.inspect and JSON.stringify. Nothing is
 * changed on the way: values, errors and events pass through as they were.
 */
import { inspect } from 'node:util';
import { recordText } from './secret-recorder.js';

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE', 'request', 'getToken', 'getUserToken', 'logout', 'clientLogout'];
const alive = new Set<WeakRef<object>>();

export function recordError(error: unknown): void {
  recordText('error', inspect(error, { showHidden: true, depth: 10 }));
  try {
    recordText('error (JSON)', JSON.stringify(error) ?? '');
  } catch {
    // A circular value is no string anyone sees.
  }
}

export function recordClient(client: object): void {
  recordText('client', inspect(client, { showHidden: true, depth: 4 }));
  recordText('client (JSON)', JSON.stringify(client) ?? '');
}

/** Every client still alive, seen once more at the end of its test file. */
export function recordLiveClients(): void {
  for (const ref of alive) {
    const client = ref.deref();
    if (client) recordClient(client);
  }
  alive.clear();
}

export function watchCreateClient<F extends (options: any) => object>(create: F): F {
  return function createWatchedClient(options: unknown) {
    let client: Record<string | symbol, unknown>;
    try {
      client = create(withRecordedEvents(options)) as Record<string | symbol, unknown>;
    } catch (error) {
      recordError(error);
      throw error;
    }
    for (const name of [...METHODS, Symbol.asyncDispose]) {
      const method = client[name];
      if (typeof method !== 'function') continue;
      client[name] = function watched(this: unknown, ...args: unknown[]) {
        let result: unknown;
        try {
          result = method.apply(this, args);
        } catch (error) {
          recordError(error);
          throw error;
        }
        if (result instanceof Promise) {
          return result.catch((error: unknown) => {
            recordError(error);
            throw error;
          });
        }
        return result;
      };
    }
    const tokenInfo = client.tokenInfo as ((realm: unknown) => unknown) | undefined;
    if (typeof tokenInfo === 'function') {
      client.tokenInfo = (realm: unknown) => {
        const info = tokenInfo(realm);
        recordText('tokenInfo', JSON.stringify(info) ?? '');
        return info;
      };
    }
    recordClient(client);
    alive.add(new WeakRef(client));
    return client;
  } as F;
}

/** The same options with an `onEvent` that records each event before passing it on; anything else as given. */
function withRecordedEvents(options: unknown): unknown {
  // Only a plain object is copied: another value goes through untouched, so option checks see what the test gave.
  if (!options || typeof options !== 'object' || Object.getPrototypeOf(options) !== Object.prototype) return options;
  const given = (options as { onEvent?: unknown }).onEvent;
  if (given !== undefined && typeof given !== 'function') return options;
  return {
    ...options,
    onEvent(event: unknown) {
      recordText('event', `${JSON.stringify(event)} ${inspect(event, { showHidden: true, depth: 4 })}`);
      (given as ((event: unknown) => void) | undefined)?.(event);
    },
  };
}
