/**
 * Issue 4, statuses and connections: what each fault from the fault server
 * becomes (a typed error, the raw `{ error, response }`, or a recovery), and
 * how many attempts reached the server. Retries here wait 1 ms of backoff, and
 * a `Retry-After` of 1 s at most.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSftpgoClient,
  SftpgoApiError,
  SftpgoNetworkError,
  type SftpgoClientOptions,
} from '../../src/index.js';
import { securityMapWith } from '../support/security-map-with.js';
import { startFaultServer, type FaultServer, type FaultStep } from '../support/fault-server.js';
import { ADMIN, issuedToken, SECRETS } from '../support/secrets.js';

const admin = ADMIN;
const fast = { baseDelayMs: 1, maxDelayMs: 5 };
const version: FaultStep = { status: 200, body: { version: '2.7.5' } };
const goodToken = (): FaultStep => ({
  status: 200,
  body: { access_token: issuedToken('failures'), expires_at: new Date(Date.now() + 20 * 60_000).toISOString().replace(/\.\d+Z$/, 'Z') },
});
const status = (code: number, headers?: Record<string, string>): FaultStep => ({
  status: code,
  body: { message: `status ${code}` },
  ...(headers ? { headers } : {}),
});
const failure = (promise: Promise<unknown>) => promise.then(
  (value) => expect.unreachable(`resolved with ${JSON.stringify(value)}`),
  (error: unknown) => error,
);

let fault: FaultServer;
beforeEach(async () => {
  fault = await startFaultServer();
});
afterEach(() => fault.close());

/** A client holding a static token, so bearer calls reach the fault server alone. */
function bearerClient(extra: Partial<SftpgoClientOptions> = {}) {
  return createSftpgoClient({ baseUrl: fault.url, accessToken: SECRETS.accessToken, retry: fast, ...extra });
}
function adminClient(extra: Partial<SftpgoClientOptions> = {}) {
  return createSftpgoClient({ baseUrl: fault.url, admin, retry: fast, ...extra });
}

describe('HTTP statuses', () => {
  it('500 is not retried: the raw call keeps { error, response }, a token request rejects SftpgoApiError', async () => {
    fault.script('/version', [status(500), version]);
    const { data, error, response } = await bearerClient().GET('/version');
    expect([data, error, response.status]).toEqual([undefined, { message: 'status 500' }, 500]);
    expect(fault.hits('/version')).toBe(1);

    fault.script('/token', [status(500), goodToken()]);
    const client = adminClient();
    const e = await failure(client.getToken());
    expect(e).toBeInstanceOf(SftpgoApiError);
    expect(e).toMatchObject({ name: 'SftpgoApiError', status: 500, method: 'GET', path: '/token', body: { message: 'status 500' } });
    expect(fault.hits('/token')).toBe(1);
    expect(client.tokenInfo('admin')).toBeUndefined();
  });

  it('502 is retried and the call recovers', async () => {
    fault.script('/version', [status(502), version]);
    const { data, response } = await bearerClient().GET('/version');
    expect([response.status, data?.version]).toEqual([200, '2.7.5']);
    expect(fault.hits('/version')).toBe(2);
  });

  it('504 every time: the limit, then the last answer as is', async () => {
    fault.script('/version', [status(504)]);
    const { error, response } = await bearerClient().GET('/version');
    expect([response.status, error]).toEqual([504, { message: 'status 504' }]);
    expect(fault.hits('/version')).toBe(3); // the first attempt and the default 2 retries

    fault.script('/version', [status(504)]);
    await bearerClient({ retry: { ...fast, limit: 4 } }).GET('/version');
    expect(fault.hits('/version')).toBe(3 + 5);
  });

  it('503 with Retry-After: 1 waits that second, then recovers', async () => {
    fault.script('/version', [status(503, { 'Retry-After': '1' }), version]);
    const started = performance.now();
    const { data } = await bearerClient().GET('/version');
    expect(data?.version).toBe('2.7.5');
    expect(fault.hits('/version')).toBe(2);
    // The 1 ms backoff would have retried at once: the header was honoured.
    expect(performance.now() - started).toBeGreaterThan(900);
  });

  it('a Retry-After beyond maxRetryAfterMs is not waited for: the answer is returned', async () => {
    fault.script('/version', [status(503, { 'Retry-After': '1' }), version]);
    const { response } = await bearerClient({ retry: { ...fast, maxRetryAfterMs: 500 } }).GET('/version');
    expect(response.status).toBe(503);
    expect(fault.hits('/version')).toBe(1);

    fault.script('/token', [status(429, { 'Retry-After': '1' }), goodToken()]);
    const e = await failure(adminClient({ retry: { ...fast, maxRetryAfterMs: 500 } }).getToken());
    expect(e).toMatchObject({ name: 'SftpgoApiError', status: 429, path: '/token' });
    expect(fault.hits('/token')).toBe(1);
  });

  it('429 with Retry-After in seconds is retried, even on a token path', async () => {
    fault.script('/token', [status(429, { 'Retry-After': '0', 'X-Retry-In': '0s' }), goodToken()]);
    const client = adminClient();
    await expect(client.getToken()).resolves.toMatchObject({ access_token: issuedToken('failures') });
    expect(fault.hits('/token')).toBe(2);
  });

  it('Retry-After as an HTTP date is read against the answer’s Date', async () => {
    const date = new Date().toUTCString();
    const past = new Date(Date.now() - 60_000).toUTCString();
    const inAnHour = new Date(Date.now() + 3_600_000).toUTCString();
    fault.script('/version', [status(429, { Date: date, 'Retry-After': past }), version]);
    await expect(bearerClient().GET('/version')).resolves.toMatchObject({ data: { version: '2.7.5' } });
    expect(fault.hits('/version')).toBe(2);

    fault.script('/user/profile', [status(429, { Date: date, 'Retry-After': inAnHour }), { status: 200, body: {} }]);
    const { response } = await bearerClient().GET('/user/profile');
    expect(response.status).toBe(429); // an hour is past the default 60 s cap
    expect(fault.hits('/user/profile')).toBe(1);
  });

  it('retry: false sends once', async () => {
    fault.script('/version', [status(503), version]);
    const { response } = await bearerClient({ retry: false }).GET('/version');
    expect(response.status).toBe(503);
    expect(fault.hits('/version')).toBe(1);
  });

  it.each([401, 403])('%i from a token path is never retried', async (code) => {
    fault.script('/token', [status(code), goodToken()]);
    const client = adminClient({ retry: { ...fast, limit: 5 } });
    const e = await failure(client.getToken());
    expect(e).toMatchObject({ name: 'SftpgoApiError', status: code, path: '/token' });
    expect(fault.hits('/token')).toBe(1);
    expect(client.tokenInfo('admin')).toBeUndefined();
  });

  it('403 from a bearer path is never retried', async () => {
    fault.script('/version', [status(403), version]);
    const { response } = await bearerClient({ retry: { ...fast, limit: 5 } }).GET('/version');
    expect(response.status).toBe(403);
    expect(fault.hits('/version')).toBe(1);
  });
});

describe('connection failures', () => {
  it('a reset before the headers is retried and the call recovers', async () => {
    fault.script('/version', [{ resetBeforeHeaders: true }, version]);
    const { data } = await bearerClient().GET('/version');
    expect(data?.version).toBe('2.7.5');
    expect(fault.hits('/version')).toBe(2);
  });

  it('resets every time: SftpgoNetworkError after the limit, naming method and path', async () => {
    fault.script('/version', [{ resetBeforeHeaders: true }]);
    const e = await failure(bearerClient().GET('/version'));
    expect(e).toBeInstanceOf(SftpgoNetworkError);
    expect(e).toMatchObject({ name: 'SftpgoNetworkError', method: 'GET', path: '/version' });
    expect(String(e)).toMatch(/^SftpgoNetworkError: sftpgo-client: GET \/version failed/);
    expect(fault.hits('/version')).toBe(3);
  });

  it('a reset after the headers: SftpgoNetworkError, not retried (the answer had begun)', async () => {
    fault.script('/version', [{ resetAfterHeaders: true }, version]);
    const e = await failure(bearerClient().GET('/version'));
    expect(e).toBeInstanceOf(SftpgoNetworkError);
    expect(e).toMatchObject({ method: 'GET', path: '/version' });
    expect(fault.hits('/version')).toBe(1);
  });

  it('a reset in a token answer caches nothing; the next call asks again', async () => {
    fault.script('/token', [{ resetAfterHeaders: true }, goodToken()]);
    fault.script('/version', [version]);
    const client = adminClient();
    await expect(client.GET('/version')).rejects.toBeInstanceOf(SftpgoNetworkError);
    expect(client.tokenInfo('admin')).toBeUndefined();
    expect(fault.hits('/version')).toBe(0);
    await expect(client.GET('/version')).resolves.toMatchObject({ data: { version: '2.7.5' } });
    expect(fault.hits('/token')).toBe(2);
    expect(client.tokenInfo('admin')).toMatchObject({ source: 'obtained' });
  });

  it('a refused connection is SftpgoNetworkError', async () => {
    const closed = await startFaultServer();
    await closed.close();
    const client = createSftpgoClient({ baseUrl: closed.url, accessToken: SECRETS.accessToken, retry: fast });
    const e = await failure(client.GET('/version'));
    expect(e).toBeInstanceOf(SftpgoNetworkError);
    expect(String(e)).toMatch(/ECONNREFUSED/);
  });

  it('a refused connection is retried even for a POST: nothing reached a server', async () => {
    const closed = await startFaultServer();
    await closed.close();
    let attempts = 0;
    const client = createSftpgoClient<any>({
      baseUrl: closed.url,
      accessToken: SECRETS.accessToken,
      securityMap: securityMapWith('POST /things'),
      retry: fast,
      fetch: (request) => (attempts++, fetch(request)),
    });
    await expect(client.POST('/things', { body: { name: 'a' } })).rejects.toBeInstanceOf(SftpgoNetworkError);
    expect(attempts).toBe(3);
  });
});

describe('what may be sent twice', () => {
  it('a POST is not retried on 503 or a reset, but is on 429', async () => {
    const client = createSftpgoClient<any>({ baseUrl: fault.url, accessToken: SECRETS.accessToken, retry: fast, securityMap: securityMapWith('POST /things') });
    fault.script('/things', [status(503), { status: 201, body: {} }]);
    expect((await client.POST('/things', { body: { name: 'a' } })).response.status).toBe(503);
    expect(fault.hits('/things')).toBe(1);

    fault.script('/things', [{ resetBeforeHeaders: true }, { status: 201, body: {} }]);
    await expect(client.POST('/things', { body: { name: 'a' } })).rejects.toBeInstanceOf(SftpgoNetworkError);
    expect(fault.hits('/things')).toBe(2);

    fault.script('/things', [status(429, { 'Retry-After': '0' }), { status: 201, body: { id: 1 } }]);
    const { data, response } = await client.POST('/things', { body: { name: 'a' } });
    expect([response.status, data]).toEqual([201, { id: 1 }]);
    expect(fault.hits('/things')).toBe(4);
    expect(fault.lastHeaders('/things')!['content-type']).toBe('application/json');
  });

  it('a token request with X-SFTPGO-OTP is not retried on 503 or a reset, but is on 429', async () => {
    const client = adminClient();
    fault.script('/token', [status(503), goodToken()]);
    await expect(client.getToken({ otp: '123456' })).rejects.toMatchObject({ name: 'SftpgoApiError', status: 503 });
    expect(fault.hits('/token')).toBe(1);

    fault.script('/token', [{ resetBeforeHeaders: true }, goodToken()]);
    await expect(client.getToken({ otp: '234567' })).rejects.toBeInstanceOf(SftpgoNetworkError);
    expect(fault.hits('/token')).toBe(2);

    fault.script('/token', [status(429, { 'Retry-After': '0' }), goodToken()]);
    await expect(client.getToken({ otp: '345678' })).resolves.toMatchObject({ access_token: issuedToken('failures') });
    expect(fault.allHeaders('/token').map((h) => h['x-sftpgo-otp'])).toEqual(['123456', '234567', '345678', '345678']);
  });

  it('a token request without a code is retried on 503 and on a reset', async () => {
    const client = adminClient();
    fault.script('/token', [status(503), { resetBeforeHeaders: true }, goodToken()]);
    await expect(client.getToken()).resolves.toMatchObject({ access_token: issuedToken('failures') });
    expect(fault.hits('/token')).toBe(3);
  });
});

describe('a retry after a long wait', () => {
  it('presents a token that is valid then, not the one that expired during the wait', async () => {
    const soon = new Date(Math.ceil(Date.now() / 1000) * 1000 + 3_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    fault.script('/token', [
      { status: 200, body: { access_token: issuedToken('short-lived'), expires_at: soon } },
      { status: 200, body: { access_token: issuedToken('fresh'), expires_at: '2036-01-17T09:32:29Z' } },
    ]);
    fault.script('/version', [
      { status: 429, body: { message: 'Too Many Requests' }, headers: { 'Retry-After': '3' } },
      { status: 200, body: { version: '2.7.5' } },
    ]);
    const client = createSftpgoClient({ baseUrl: fault.url, admin, retry: fast });
    const { data } = await client.GET('/version');
    expect(data).toEqual({ version: '2.7.5' });
    expect(fault.allHeaders('/version').map((h) => h.authorization)).toEqual([`Bearer ${issuedToken('short-lived')}`, `Bearer ${issuedToken('fresh')}`]);
  });
});
