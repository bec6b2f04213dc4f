/**
 * What happens when the server stops accepting a token (issue 3): one
 * recovery with a replay, logout, and tokens that cannot be renewed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSftpgoClient, SftpgoConfigError, type TokenEvent } from '../../src/index.js';
import { requestCounter, startProxiedSftpgo, type ProxiedSftpgo } from '../support/proxied-sftpgo.js';
import { ADMIN, USER } from '../support/secrets.js';

const admin = ADMIN;
const user = USER;
let sftpgo: ProxiedSftpgo;

beforeAll(async () => {
  sftpgo = await startProxiedSftpgo({
    admins: { admin: { password: admin.password } },
    users: { alice: { password: user.password } },
  });
});
afterAll(() => sftpgo?.close());

const counter = () => requestCounter(sftpgo);

describe('recovery from 401', () => {
  for (const [what, kill] of [
    ['revoked by an account change', () => sftpgo.server.revokeAll()],
    ['signed before a server restart', () => sftpgo.server.rotateKey()],
  ] as const) {
    it(`a token ${what} is replaced and the call replayed once`, async () => {
      const events: TokenEvent['type'][] = [];
      const client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, admin, onEvent: (e) => events.push(e.type) });
      await client.GET('/version');
      const count = counter();
      kill();
      const { data, response } = await client.GET('/version');
      expect(response.status).toBe(200);
      expect(data?.version).toBeTruthy();
      expect(count('GET /version')).toBe(2); // the 401, then the replay
      expect(count('GET /token')).toBe(1);
      // A token dropped by a 401 is not renewed but replaced: a new one is obtained.
      expect(events).toEqual(['token-obtained', 'token-dropped', 'token-obtained']);
    });
  }

  it('a second 401 goes back to the caller', async () => {
    const client = createSftpgoClient({
      baseUrl: sftpgo.baseUrl,
      user,
      // Every token dies just before its call arrives: the replay fails too.
      fetch: (request) => {
        if (new URL(request.url).pathname === '/user/profile') sftpgo.server.revokeAll();
        return fetch(request);
      },
    });
    const count = counter();
    const { error, response } = await client.GET('/user/profile');
    expect(response.status).toBe(401);
    expect(error).toEqual({ message: 'Your token is no longer valid' });
    expect(count('GET /user/profile')).toBe(2);
    expect(count('GET /user/token')).toBe(2);
  });

  it('concurrent calls rejected together share one new token', async () => {
    const client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, admin });
    await client.GET('/version');
    sftpgo.server.revokeAll();
    const count = counter();
    const results = await Promise.all(Array.from({ length: 20 }, () => client.GET('/version')));
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    expect(count('GET /token')).toBe(1);
  });
});

describe('logout', () => {
  it('revokes the held token and forgets it; the next call gets a new one', async () => {
    const client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, admin });
    await client.GET('/version');
    const old = sftpgo.server.requests.filter((r) => r.path === '/version').at(-1)!.headers.authorization!;
    const count = counter();
    await expect(client.logout()).resolves.toEqual({ message: 'Your token has been invalidated' });
    expect(client.tokenInfo('admin')).toBeUndefined();
    // The server refuses the old token now.
    const reuse = await fetch(`${sftpgo.baseUrl}/version`, { headers: { authorization: old } });
    expect(reuse.status).toBe(401);
    expect((await client.GET('/version')).response.status).toBe(200);
    expect(count('GET /logout')).toBe(1);
    expect(count('GET /token')).toBe(1);
    expect(sftpgo.server.requests.filter((r) => r.path === '/version').at(-1)!.headers.authorization).not.toBe(old);
  });

  it('a token the server already refuses counts as logged out', async () => {
    const client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, user });
    await client.GET('/user/profile');
    sftpgo.server.revokeAll();
    await expect(client.clientLogout()).resolves.toMatchObject({ message: 'Your token is no longer valid' });
    expect(client.tokenInfo('user')).toBeUndefined();
  });
});

describe('a static accessToken', () => {
  it('is used as given, and when rejected the error says nothing can renew it', async () => {
    const { access_token } = await createSftpgoClient({ baseUrl: sftpgo.baseUrl, admin }).getToken();
    const count = counter();
    const client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, accessToken: access_token });
    expect((await client.GET('/version')).response.status).toBe(200);
    expect(client.tokenInfo('admin')).toEqual({ source: 'static' });
    sftpgo.server.revokeAll();
    const error = await client.GET('/version').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SftpgoConfigError);
    expect(String(error)).toMatch(/no admin credentials are configured to renew it/);
    expect(String(error)).not.toContain(access_token);
    expect(count('GET /token')).toBe(0);
  });
});

describe('a static accessToken after logout()', () => {
  // Issue 14, defect 5: the error said the token "was rejected or expired".
  it('the next call says this client revoked it, not that the server rejected it', async () => {
    const { access_token } = await createSftpgoClient({ baseUrl: sftpgo.baseUrl, admin }).getToken();
    const client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, accessToken: access_token });
    expect((await client.GET('/version')).response.status).toBe(200);
    await expect(client.logout()).resolves.toEqual({ message: 'Your token has been invalidated' });
    const count = counter();
    const error = await client.GET('/version').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SftpgoConfigError);
    expect((error as Error).message).toBe(
      "sftpgo-client: the admin access token was revoked by this client's logout, and no admin credentials are configured to obtain another",
    );
    expect(count('GET /version')).toBe(0); // nothing was sent with the revoked token
  });
});

describe('logout to the wrong realm', () => {
  it('an admin token sent to the user logout is alive: the error surfaces and the token is kept', async () => {
    const { access_token } = await createSftpgoClient({ baseUrl: sftpgo.baseUrl, admin }).getToken();
    const client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, accessToken: access_token });
    await client.GET('/version'); // held as the static token of both realms
    const error = await client.clientLogout().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SftpgoApiError', status: 401 });
    expect(client.tokenInfo('user')).toEqual({ source: 'static' });
    expect((await client.GET('/version')).response.status).toBe(200);
  });
});

describe('a replay goes through every middleware the original went through (issue 14, defect 3; see also files.test.ts)', () => {
  it('a later middleware that returns a new Request does not stop the replay', async () => {
    const client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, user });
    client.use({ onRequest: ({ request }) => new Request(request, { headers: new Headers([...request.headers, ['x-trace', 'new']]) }) });
    await client.GET('/user/profile');
    sftpgo.server.revokeAll();
    const count = counter();
    const { response } = await client.GET('/user/profile');
    expect(response.status).toBe(200);
    expect(count('GET /user/profile')).toBe(2);
    expect(count('GET /user/token')).toBe(1);
  });
});
