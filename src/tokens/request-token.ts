import type { Client } from 'openapi-fetch';
import type { SecurityMap } from '../auth/security-map.js';
import { SftpgoApiError } from '../errors/sftpgo-api-error.js';
import { SftpgoConfigError } from '../errors/sftpgo-config-error.js';
import { SftpgoProtocolError } from '../errors/sftpgo-protocol-error.js';
import type { Realm } from '../options/sftpgo-client-options.js';
import type { AnswerTime } from './create-realm.js';
import { tokenExpiry } from './token-expiry.js';

/**
 * What a token operation answers, as the client relies on it: both fields,
 * checked at run time. The client's own contract, not the spec's schema:
 * SFTPGo's published document marks neither field required (issue 10).
 */
export interface Token {
  /** The JWT, sent as `Authorization: Bearer <access_token>`. */
  access_token: string;
  /** RFC 3339 on the server's clock, e.g. `2026-01-17T09:32:29Z`. */
  expires_at: string;
}

/**
 * Asks the realm's token operation (found in the security map: the Basic
 * operation that answers a `Token`) for a new token, through the client so that
 * credentials, the one-time code, timeouts and retries apply as to any call.
 * Anything but a usable token is an error; nothing is cached here.
 */
export async function requestToken(
  client: Client<any>,
  map: SecurityMap,
  realm: Realm,
  init: { otp?: string | undefined; signal?: AbortSignal | undefined } = {},
): Promise<{ token: Token; expiresAt: number; lifetimeMs: number; answer: AnswerTime }> {
  const key = map.tokenOperations[realm];
  if (!key) throw new SftpgoConfigError(`the spec has no ${realm} token operation (a BasicAuth operation answering a Token)`);
  const [method, path] = key.split(' ') as [string, string];
  const sentAt = Date.now();
  const { data, error, response } = await client.request(method.toLowerCase() as 'get', path, {
    ...(init.otp ? { headers: { 'X-SFTPGO-OTP': init.otp } } : {}),
    ...(init.signal ? { signal: init.signal } : {}),
  });
  const answer = { date: response.headers.get('date'), sentAt, receivedAt: Date.now() };
  if (!response.ok) throw new SftpgoApiError({ status: response.status, body: error, method, path });
  const token = data as Partial<Record<keyof Token, unknown>> | null | undefined;
  const problem = accessTokenProblem(token?.access_token);
  if (problem) throw new SftpgoProtocolError({ method, path, problem });
  const expiry = tokenExpiry(token!.expires_at, answer.date, sentAt);
  if ('problem' in expiry) throw new SftpgoProtocolError({ method, path, problem: expiry.problem });
  return { token: { access_token: token!.access_token as string, expires_at: token!.expires_at as string }, ...expiry, answer };
}

/**
 * Why an `access_token` cannot be used, naming what is wrong and never the
 * value. A token is sent as `Authorization: Bearer <token>`: one with a line
 * break, a space or a character outside ASCII cannot be, and once cached it
 * failed every later call without sending anything (issue 14, defect 1).
 */
function accessTokenProblem(value: unknown): string | undefined {
  if (value === undefined || value === null) return 'the answer has no access_token';
  if (typeof value !== 'string') {
    const kind = Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
    return `the answer's access_token is ${kind}, not a string`;
  }
  if (value === '') return "the answer's access_token is empty";
  if (!/^[\x21-\x7e]+$/.test(value)) {
    return "the answer's access_token has characters a header cannot carry (spaces, line breaks, non-ASCII); not used";
  }
  return undefined;
}
