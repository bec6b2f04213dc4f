/**
 * Issue 14, property: any answer from a token operation (status, headers,
 * body bytes, cut-off bodies, resets) yields a valid token or one of our typed
 * errors; never an untyped throw, an unhandled rejection, or an invalid token
 * held. The answers come from a server in memory (scripted-fetch.ts).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSftpgoClient, SftpgoError } from '../../src/index.js';
import { PROPERTY_TIMEOUT_MS, propertyParameters } from '../support/fast-check-settings.js';
import { rfc3339, scriptedFetch, type ScriptedAnswer } from '../support/scripted-fetch.js';
import { ADMIN, SECRETS } from '../support/secrets.js';

const OUR_ERRORS = ['SftpgoApiError', 'SftpgoConfigError', 'SftpgoNetworkError', 'SftpgoProtocolError', 'SftpgoTimeoutError'];
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/** An `expires_at` relative to the server's clock at the time of the answer, or any value at all. */
const expiresAt = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }).map((ms) => ({ fromServerNow: ms })) },
  fc.constantFrom('2099', '12/31/2099', '2099-12-31', '2099-12-31T23:59:59', '2099-02-30T00:00:00Z', 'soon', ''),
  fc.string(),
  fc.anything(),
);
const accessToken = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[\w-]{4,16}\.[\w-]{4,16}\.[\w-]{4,16}$/) },
  fc.constantFrom('', 'tok\nen', 'tokén', 'tok en', 'tok\ten', 'tok\r\nX-Injected: 1'),
  fc.string({ unit: 'binary' }),
  fc.anything(),
);
const body = fc.oneof(
  { weight: 5, arbitrary: fc.record({ access_token: accessToken, expires_at: expiresAt }, { requiredKeys: [] }).map((token) => ({ token })) },
  fc.jsonValue().map((json) => ({ json })),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ bytes })),
  fc.string().map((text) => ({ text })),
);
const answer = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      status: fc.oneof({ weight: 4, arbitrary: fc.constant(200) }, fc.integer({ min: 200, max: 599 })),
      contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', undefined),
      date: fc.oneof({ weight: 4, arbitrary: fc.constant('server' as const) }, fc.constant(undefined), fc.string()),
      retryAfter: fc.option(fc.constantFrom('0', '1', 'soon'), { nil: undefined }),
      location: fc.option(fc.constantFrom('/api/v2/token', 'https://elsewhere.example/token', '::not a url'), { nil: undefined }),
      body: fc.option(body, { nil: undefined }),
      cutAfter: fc.option(fc.nat(40), { nil: undefined }),
    }),
  },
  fc.constantFrom({ network: 'reset' as const }, { network: 'refused' as const }),
);
type Generated = typeof answer extends fc.Arbitrary<infer T> ? T : never;

/** The answer as the server sends it, made at the server's `now`. */
function build(generated: Generated, serverNow: number): ScriptedAnswer {
  if ('network' in generated) return generated;
  const headers: Record<string, string> = {};
  if (generated.contentType) headers['content-type'] = generated.contentType;
  if (generated.date !== undefined) headers.date = generated.date === 'server' ? new Date(serverNow).toUTCString() : generated.date.replace(/[^\x20-\x7e]/g, '');
  if (generated.retryAfter) headers['retry-after'] = generated.retryAfter;
  if (generated.location) headers.location = generated.location;
  const given = generated.body;
  let bytes: string | Uint8Array | undefined;
  if (given && 'token' in given) {
    const { expires_at, ...rest } = given.token;
    const written = typeof expires_at === 'object' && expires_at !== null && 'fromServerNow' in expires_at ? rfc3339(serverNow + (expires_at as { fromServerNow: number }).fromServerNow) : expires_at;
    bytes = JSON.stringify({ ...rest, ...(written === undefined ? {} : { expires_at: written }) }) ?? '';
  } else if (given && 'json' in given) bytes = JSON.stringify(given.json) ?? '';
  else if (given && 'bytes' in given) bytes = given.bytes;
  else if (given) bytes = given.text;
  return { status: generated.status, headers, ...(bytes === undefined ? {} : { body: bytes }), ...(generated.cutAfter === undefined ? {} : { cutAfter: generated.cutAfter }) };
}

/**
 * What a usable token answer is, all the client may hand out or hold: a token
 * a header can carry, an RFC 3339 expiry after the answer's own `Date` (or,
 * when it has none that reads, after this machine's now).
 */
function usable(token: { access_token: unknown; expires_at: unknown }, answeredAt: number): boolean {
  return (
    typeof token.access_token === 'string' &&
    HEADER_SAFE.test(token.access_token) &&
    typeof token.expires_at === 'string' &&
    RFC3339.test(token.expires_at) &&
    Date.parse(token.expires_at) > answeredAt
  );
}

const settle = (promise: Promise<unknown>) => promise.then((value) => ({ value }), (error: unknown) => ({ error }));
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => process.on('unhandledRejection', onUnhandled));
afterAll(() => process.off('unhandledRejection', onUnhandled));

describe('token answers, any at all', () => {
  it(
    'any answer from a token operation yields a valid token or one of our typed errors; never an untyped throw, an unhandled rejection, or an invalid token held',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(answer, { minLength: 1, maxLength: 3 }),
          fc.option(answer, { nil: undefined }),
          fc.integer({ min: -2 * 3_600_000, max: 2 * 3_600_000 }),
          async (tokenAnswers, healthAnswer, skewMs) => {
            /** What went out with each token answer, to judge what the client kept. */
            const served: Array<{ body: string; answeredAt: number }> = [];
            let tokenRequests = 0;
            const server = scriptedFetch((sent) => {
              const serverNow = Date.now() + skewMs;
              if (sent.path.endsWith('/token')) {
                const built = build(tokenAnswers[Math.min(tokenRequests++, tokenAnswers.length - 1)]!, serverNow);
                if ('status' in built && typeof built.body === 'string') {
                  const date = Date.parse(built.headers?.date ?? '');
                  served.push({ body: built.body, answeredAt: Number.isNaN(date) ? Date.now() : date });
                }
                return built;
              }
              if (sent.path === '/healthz') return healthAnswer ? build(healthAnswer, serverNow) : { status: 200, body: 'ok', headers: { date: new Date(serverNow).toUTCString() } };
              return { status: 200, body: '{"version":"2.7.5"}', headers: { 'content-type': 'application/json' } };
            });
            const client = createSftpgoClient({
              baseUrl: 'http://127.0.0.1:9/api/v2',
              // With a TOTP secret, the clock probe (GET /healthz) meets any answer too.
              admin: healthAnswer ? { ...ADMIN, totpSecret: SECRETS.totpSecret } : ADMIN,
              fetch: server.fetch,
              // SFTPGo takes a code once, so a third token request within a 30 s step waits for the
              // next step (create-otp-source.ts): right for a user, a half-minute stall for a case.
              // With a secret, no retries: getToken() and the call send at most two token requests.
              retry: { limit: healthAnswer ? 0 : 1, baseDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0 },
            });

            const given = await settle(client.getToken());
            const called = await settle(client.GET('/version'));
            for (const outcome of [given, called]) {
              if ('error' in outcome) {
                expect(outcome.error).toBeInstanceOf(SftpgoError);
                expect(OUR_ERRORS).toContain((outcome.error as Error).name);
              }
            }
            const isServed = (token: string) =>
              served.some(({ body, answeredAt }) => {
                const parsed = (() => {
                  try {
                    return JSON.parse(body) as { access_token: unknown; expires_at: unknown };
                  } catch {
                    return undefined;
                  }
                })();
                return parsed?.access_token === token && usable(parsed, answeredAt);
              });
            if ('value' in given) expect(isServed((given.value as { access_token: string }).access_token), 'getToken() gave a usable token').toBe(true);
            const bearers = server.sent.filter((r) => r.path === '/api/v2/version').map((r) => r.headers.authorization ?? '');
            for (const bearer of bearers) expect(isServed(bearer.replace(/^Bearer /, '')), 'the bearer sent is a usable token').toBe(true);
            const held = client.tokenInfo('admin');
            if (held) {
              expect(held.source).toBe('obtained');
              expect(held.expiresAt!.getTime()).toBeGreaterThan(Date.now());
              expect(bearers.length, 'a token held was sent').toBeGreaterThan(0);
            }
            if ('value' in called) expect(bearers.length, 'an answered call sent a token').toBeGreaterThan(0);
            // Nothing rejected out of sight: let pending callbacks run, then look.
            await new Promise((resolve) => setImmediate(resolve));
            expect(unhandled, 'no rejection went unhandled').toEqual([]);
          },
        ),
        propertyParameters(),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it('a well-formed answer is always taken (so the property above cannot pass by refusing everything)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2_000, max: 86_400_000 }), fc.integer({ min: -2 * 3_600_000, max: 2 * 3_600_000 }), async (lifetimeMs, skewMs) => {
        const server = scriptedFetch(() => {
          const serverNow = Date.now() + skewMs;
          const token = { access_token: 'hdr.payload.sig', expires_at: rfc3339(serverNow + lifetimeMs + 1_000) };
          return { status: 200, body: JSON.stringify(token), headers: { date: new Date(serverNow).toUTCString(), 'content-type': 'application/json' } };
        });
        const client = createSftpgoClient({ baseUrl: 'http://127.0.0.1:9/api/v2', admin: ADMIN, fetch: server.fetch });
        await expect(client.getToken()).resolves.toMatchObject({ access_token: 'hdr.payload.sig' });
      }),
      propertyParameters(),
    );
  }, PROPERTY_TIMEOUT_MS);
});
