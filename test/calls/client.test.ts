import { describe, expect, inject, it } from 'vitest';
import { createSftpgoClient, SftpgoApiError, SftpgoConfigError } from '../../src/index.js';
import { decodeBasic, recordingFetch } from '../support/recording-fetch.js';
import { ADMIN, SECRETS, USER } from '../support/secrets.js';

const baseUrl = inject('prismUrl');
const admin = ADMIN;
const user = USER;

describe('seed methods against the mock', () => {
  it('getToken sends the admin credentials by Basic and resolves the Token', async () => {
    const wire = recordingFetch();
    const client = createSftpgoClient({ baseUrl, admin, user, fetch: wire.fetch });
    const token = await client.getToken();
    expect(token.access_token.split('.')).toHaveLength(3);
    expect(Date.parse(token.expires_at)).toBeGreaterThan(Date.now());
    expect(wire.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /token']);
    expect(decodeBasic(wire.requests[0]!.headers.authorization)).toEqual(admin);
    expect(wire.requests[0]!.headers['x-sftpgo-otp']).toBeUndefined();
  });

  it('getUserToken sends the user credentials, not the admin ones', async () => {
    const wire = recordingFetch();
    const client = createSftpgoClient({ baseUrl, admin, user, fetch: wire.fetch });
    await client.getUserToken();
    expect(wire.requests.map((r) => r.path)).toEqual(['/user/token']);
    expect(decodeBasic(wire.requests[0]!.headers.authorization)).toEqual(user);
  });

  it('getToken asks the server every time', async () => {
    const wire = recordingFetch();
    const client = createSftpgoClient({ baseUrl, admin, fetch: wire.fetch });
    await client.getToken();
    await client.getToken();
    expect(wire.requests.filter((r) => r.path === '/token')).toHaveLength(2);
  });

  it('a bearer call obtains a token of its realm and presents it', async () => {
    const wire = recordingFetch();
    const client = createSftpgoClient({ baseUrl, admin, user, fetch: wire.fetch });
    const version = await client.GET('/version');
    expect(version.data?.version).toBe('2.7.5');
    const profile = await client.GET('/user/profile');
    expect(profile.data?.email).toBe('alice@example.com');
    expect(wire.requests.map((r) => r.path)).toEqual(['/token', '/version', '/user/token', '/user/profile']);
    expect(wire.requests[1]!.headers.authorization).toMatch(/^Bearer eyJ/);
    expect(wire.requests[3]!.headers.authorization).toMatch(/^Bearer eyJ/);
    // The admin token and the user token are different tokens.
    expect(wire.requests[1]!.headers.authorization).not.toBe(wire.requests[3]!.headers.authorization);
  });

  it('logout sends the held token, and clientLogout the user one', async () => {
    const wire = recordingFetch();
    const client = createSftpgoClient({ baseUrl, admin, user, fetch: wire.fetch });
    await client.GET('/version');
    await client.GET('/user/profile');
    const bearerOf = (path: string) => wire.requests.find((r) => r.path === path)!.headers.authorization;
    await expect(client.logout()).resolves.toEqual({ message: 'Your token has been invalidated' });
    await expect(client.clientLogout()).resolves.toEqual({ message: 'Your token has been invalidated' });
    expect(bearerOf('/logout')).toBe(bearerOf('/version'));
    expect(bearerOf('/user/logout')).toBe(bearerOf('/user/profile'));
  });

  it('logout with no token held sends nothing', async () => {
    const wire = recordingFetch();
    const client = createSftpgoClient({ baseUrl, admin, user, fetch: wire.fetch });
    await expect(client.logout()).resolves.toBeUndefined();
    await expect(client.clientLogout()).resolves.toBeUndefined();
    expect(wire.requests).toEqual([]);
  });
});

describe('one-time codes', () => {
  it('a string otp fills X-SFTPGO-OTP', async () => {
    const wire = recordingFetch();
    const client = createSftpgoClient({ baseUrl, admin: { ...admin, otp: '123456' }, fetch: wire.fetch });
    await client.getToken();
    expect(wire.requests[0]!.headers['x-sftpgo-otp']).toBe('123456');
  });

  it('a function otp, sync or async, is asked for every token request', async () => {
    const wire = recordingFetch();
    let n = 100000;
    const client = createSftpgoClient({
      baseUrl,
      admin: { ...admin, otp: () => String(++n) },
      user: { ...user, otp: async () => String(++n) },
      fetch: wire.fetch,
    });
    await client.getToken();
    await client.getToken();
    await client.getUserToken();
    expect(wire.requests.map((r) => r.headers['x-sftpgo-otp'])).toEqual(['100001', '100002', '100003']);
  });

  it('an otp passed to the call wins over the configured one', async () => {
    const wire = recordingFetch();
    const client = createSftpgoClient({ baseUrl, admin: { ...admin, otp: () => '111111' }, fetch: wire.fetch });
    await client.getToken({ otp: '222222' });
    expect(wire.requests[0]!.headers['x-sftpgo-otp']).toBe('222222');
  });
});

describe('typed errors from the server', () => {
  for (const [status, message] of [
    [401, 'Unauthorized'],
    [403, 'Forbidden'],
    [500, 'Internal Server Error'],
  ] as const) {
    it(`a ${status} rejects with SftpgoApiError carrying the status and ApiResponse`, async () => {
      const client = createSftpgoClient({ baseUrl, admin, headers: { Prefer: `code=${status}` } });
      const error = await client.getToken().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SftpgoApiError);
      expect(error).toMatchObject({ name: 'SftpgoApiError', status, method: 'GET', path: '/token' });
      expect((error as SftpgoApiError).body.message).toBe(message);
      expect(String(error)).not.toContain(admin.password);
    });
  }

  it('the raw call style keeps { error, response } for HTTP statuses', async () => {
    const client = createSftpgoClient({ baseUrl, admin });
    const { data, error, response } = await client.GET('/version', { headers: { Prefer: 'code=403' } });
    expect(data).toBeUndefined();
    expect(response.status).toBe(403);
    expect(error).toEqual({ message: 'Forbidden', error: 'access denied' });
  });
});

describe('misconfiguration fails before any request', () => {
  it('a bearer call of a realm without credentials names the realm', async () => {
    const wire = recordingFetch();
    const client = createSftpgoClient({ baseUrl, admin, fetch: wire.fetch });
    const error = await client.GET('/user/profile').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SftpgoConfigError);
    expect(String(error)).toMatch(/sftpgo-client: .*user/);
    expect(wire.requests).toEqual([]);
  });

  it('getUserToken without user credentials sends nothing', async () => {
    const wire = recordingFetch();
    const client = createSftpgoClient({ baseUrl, admin, fetch: wire.fetch });
    await expect(client.getUserToken()).rejects.toThrow(SftpgoConfigError);
    expect(wire.requests).toEqual([]);
  });

  it.each([
    ['an empty username', { baseUrl: 'https://sftpgo.example.com/api/v2', admin: { username: '', password: SECRETS.otherPassword } }, /admin\.username/],
    ['an empty password', { baseUrl: 'https://sftpgo.example.com/api/v2', user: { username: 'alice', password: '' } }, /user\.password/],
    ['a base URL that is not a URL', { baseUrl: 'sftpgo.example.com/api/v2' }, /baseUrl/],
    ['a base URL carrying credentials', { baseUrl: `https://admin:${SECRETS.otherPassword}@sftpgo.example.com/api/v2` }, /must not carry a username or password/],
    ['an API key with a line break', { baseUrl: 'https://sftpgo.example.com/api/v2', apiKey: `${SECRETS.apiKey}\n` }, /`apiKey`/],
    ['a token with a space', { baseUrl: 'https://sftpgo.example.com/api/v2', accessToken: `eyJ ${SECRETS.accessToken}` }, /`accessToken`/],
    ['a timeout no timer can hold', { baseUrl: 'https://sftpgo.example.com/api/v2', timeoutMs: Infinity }, /`timeoutMs`/],
    ['a negative renewal margin', { baseUrl: 'https://sftpgo.example.com/api/v2', renewMarginMs: -1 }, /`renewMarginMs`/],
    ['plain http to a remote host', { baseUrl: 'http://sftpgo.example.com/api/v2', admin: { username: 'a', password: SECRETS.otherPassword } }, /allowInsecureHttp/],
  ])('%s', (_, options, message) => {
    expect(() => createSftpgoClient(options)).toThrow(SftpgoConfigError);
    expect(() => createSftpgoClient(options)).toThrow(message);
    try {
      createSftpgoClient(options);
    } catch (error) {
      expect(String(error)).not.toContain(SECRETS.otherPassword);
    }
  });

  it('a relative baseUrl outside a browser page says what to pass (in a page it means the page\'s server: browser.test.ts)', () => {
    expect(() => createSftpgoClient({ baseUrl: '/api/v2' })).toThrow(SftpgoConfigError);
    expect(() => createSftpgoClient({ baseUrl: '/api/v2' })).toThrow(/outside a browser page pass the whole API root, e\.g\. https:\/\/sftpgo\.example\.com\/api\/v2/);
  });

  it('plain http to a remote host is allowed when asked for', () => {
    expect(() =>
      createSftpgoClient({ baseUrl: 'http://sftpgo.internal/api/v2', allowInsecureHttp: true }),
    ).not.toThrow();
  });
});
