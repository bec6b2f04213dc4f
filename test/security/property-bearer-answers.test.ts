/**
 * Issue 14, property: any sequence of answers from a bearer operation (200s,
 * 401s, 429s with any Retry-After, server errors, resets, refusals, bodies cut
 * off) yields the server's answer or one of our typed errors, with at most one
 * replay and the number of attempts the README documents:
 *
 * - one send is the first attempt and up to `retry.limit` retries; a retry
 *   follows a 429 whose Retry-After can be waited for (here: none, or one of 0
 *   or in the past, or that does not read as a time), a 502, 503 or 504 (a GET
 *   is idempotent), a reset, a refused connection; anything else is the answer;
 * - a 401 drops the token, obtains a new one and sends the request once more,
 *   with its own retries; a second 401 is the answer;
 * - the answer's body cut off is a SftpgoNetworkError, and so is a send whose
 *   last attempt got no answer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSftpgoClient, SftpgoError, SftpgoNetworkError } from '../../src/index.js';
import { PROPERTY_TIMEOUT_MS, propertyParameters } from '../support/fast-check-settings.js';
import { rfc3339, scriptedFetch, type ScriptedAnswer } from '../support/scripted-fetch.js';
import { ADMIN, issuedToken } from '../support/secrets.js';

type Step =
  | { status: 200 | 401 | 403 | 404 | 500 | 502 | 503 | 504; cut?: true }
  | { status: 429; retryAfter: string | undefined }
  | { network: 'reset' | 'refused' };

// With maxRetryAfterMs 0, only a Retry-After of no time at all is waited for.
const RETRY_AFTER: Record<string, boolean> = { '': true, '0': true, soon: true, past: true, '1': false, '120': false, future: false };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constantFrom(200, 401, 403, 404, 500, 502, 503, 504).chain((status) => fc.record({ status: fc.constant(status) }, { requiredKeys: ['status'] })),
  // A 401 whose body is cut off is a refused token all the same: replayed once.
  fc.constantFrom(200, 401, 500, 502).map((status) => ({ status, cut: true as const }) as Step),
  fc.option(fc.constantFrom(...Object.keys(RETRY_AFTER)), { nil: undefined }).map((retryAfter) => ({ status: 429 as const, retryAfter })),
  fc.constantFrom({ network: 'reset' as const }, { network: 'refused' as const }),
);

function answerFor(given: Step | undefined, now: number): ScriptedAnswer {
  if (!given) return { status: 200, body: '{"version":"2.7.5"}', headers: { 'content-type': 'application/json' } };
  if ('network' in given) return given;
  const headers: Record<string, string> = { 'content-type': 'application/json', date: new Date(now).toUTCString() };
  if (given.status === 429 && given.retryAfter !== undefined) {
    const dated = { past: new Date(now - 60_000).toUTCString(), future: new Date(now + 3_600_000).toUTCString() } as Record<string, string>;
    headers['retry-after'] = dated[given.retryAfter] ?? given.retryAfter;
  }
  const body = given.status === 200 ? '{"version":"2.7.5"}' : `{"message":"status ${given.status}"}`;
  return { status: given.status, headers, body, ...('cut' in given && given.cut ? { cutAfter: 5 } : {}) };
}

/** What the documented rules say happens: the attempts made, the replays, the outcome. */
function expected(steps: Step[], limit: number): { attempts: number; replays: number; outcome: number | 'network error' } {
  let next = 0;
  const take = () => steps[next++];
  const send = (): Step | undefined | 'network error' => {
    for (let retry = 0; ; retry++) {
      const got = take();
      const last = retry >= limit;
      if (got && 'network' in got) {
        if (last) return 'network error';
        continue;
      }
      const status = got?.status ?? 200;
      const retryable = got?.status === 429 ? RETRY_AFTER[got.retryAfter ?? ''] : [502, 503, 504].includes(status);
      if (last || !retryable) return got;
    }
  };
  let replays = 0;
  let answer = send();
  if (answer !== 'network error' && answer && 'status' in answer && answer.status === 401) {
    replays = 1;
    answer = send();
  }
  const outcome = answer === 'network error' || (answer && 'cut' in answer && answer.cut) ? 'network error' : answer && 'status' in answer ? answer.status : 200;
  return { attempts: next, replays, outcome };
}

describe('bearer answers, any sequence', () => {
  it(
    'any sequence of answers from a bearer operation yields the server\'s answer or a typed error, with at most one replay and the documented number of attempts',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { maxLength: 12 }), fc.integer({ min: 0, max: 3 }), async (steps, limit) => {
          let tokens = 0;
          const server = scriptedFetch((sent, n) => {
            const now = Date.now();
            if (sent.path.endsWith('/token')) {
              const token = { access_token: issuedToken(`bearer-${tokens++}`), expires_at: rfc3339(now + 3_600_000) };
              return { status: 200, body: JSON.stringify(token), headers: { 'content-type': 'application/json', date: new Date(now).toUTCString() } };
            }
            const attempt = server.sent.slice(0, n).filter((r) => r.path === '/api/v2/version').length;
            return answerFor(steps[attempt], now);
          });
          const client = createSftpgoClient({
            baseUrl: 'http://127.0.0.1:9/api/v2',
            admin: ADMIN,
            fetch: server.fetch,
            retry: { limit, baseDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0 },
          });
          const outcome = await client.GET('/version').then(
            ({ response }) => response.status,
            (error: unknown) => error,
          );
          const model = expected(steps, limit);
          const calls = server.sent.filter((r) => r.path === '/api/v2/version');
          expect(calls.length, 'attempts').toBe(model.attempts);
          // One token first, one more for the replay: at most one replay.
          expect(tokens, 'token requests').toBe(1 + model.replays);
          expect(new Set(calls.map((r) => r.headers.authorization)).size).toBe(Math.min(calls.length, 1 + model.replays));
          if (model.outcome === 'network error') {
            expect(outcome).toBeInstanceOf(SftpgoNetworkError);
            expect(outcome).toBeInstanceOf(SftpgoError);
          } else {
            expect(outcome).toBe(model.outcome);
          }
        }),
        propertyParameters(),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
