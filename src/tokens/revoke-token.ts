import type { Client } from 'openapi-fetch';
import type { RealmState } from './create-realm.js';
import { type ApiResponse, SftpgoApiError } from '../errors/sftpgo-api-error.js';
import { untilAborted } from '../utils/until-aborted.js';

/**
 * Sends the token the realm holds to its logout path and forgets it (issue 3).
 * With no token held nothing is sent. A 401 means the server already refuses
 * the token (revoked, expired, the account changed): the goal is met. Except
 * a 401 for the audience: that token is alive, only sent to the wrong realm's
 * logout, so it is kept and the error surfaces.
 */
export async function revokeToken(
  client: Client<any>,
  realm: RealmState,
  path: string,
  signal?: AbortSignal,
  /** Only a token this client obtained, not a static `accessToken` (the end of an `await using` scope). */
  only?: 'obtained',
): Promise<ApiResponse | undefined> {
  // A token being obtained right now is about to be held: revoke that one too.
  const pending = realm.tokens.pending()?.catch(() => undefined);
  if (pending) await untilAborted(pending, signal);
  const held = realm.tokens.peek();
  if (!held || (only && held.source !== only)) return undefined;
  // An expired token is refused already: nothing to revoke, nothing to send.
  if (Date.now() >= held.expiresAt) {
    if (realm.tokens.drop(held.token)) realm.emit({ type: 'token-dropped', reason: 'expired' });
    return undefined;
  }
  const { data, error, response } = await client.GET(path, {
    headers: { Authorization: `Bearer ${held.token}` },
    ...(signal ? { signal } : {}),
  });
  const alreadyInvalid = response.status === 401 && !/audience/i.test((error as ApiResponse | undefined)?.message ?? '');
  if (!response.ok && !alreadyInvalid) {
    throw new SftpgoApiError({ status: response.status, body: error, method: 'GET', path });
  }
  if (realm.tokens.drop(held.token)) realm.emit({ type: 'token-dropped', reason: 'logout' });
  return (data ?? error) as ApiResponse;
}
