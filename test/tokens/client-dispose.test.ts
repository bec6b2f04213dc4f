/**
 * Issue 14, `await using`: a client used in a scope revokes the tokens it
 * obtained when the scope ends, waiting for a token request in flight; a
 * static `accessToken` is left alone unless `logout()` is called.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSftpgoClient, SftpgoApiError, SftpgoConfigError } from '../../src/index.js';
import { startFaultServer, type FaultServer } from '../support/fault-server.js';
import { requestCounter, startProxiedSftpgo, type ProxiedSftpgo } from '../support/proxied-sftpgo.js';
import { ADMIN, issuedToken, USER } from '../support/secrets.js';

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
/** The bearer token the server last saw on `path`. */
const lastBearer = (path: string) => sftpgo.server.requests.filter((r) => r.path === path).at(-1)?.headers.authorization;
const stillValid = async (authorization: string, path: string) =>
  (await fetch(`${sftpgo.baseUrl}${path}`, { headers: { authorization } })).status === 200;

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('await using', () => {
  it('revokes the admin and the user token when the scope ends', async () => {
    const count = counter();
    {
      await using client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, admin, user });
      expect((await client.GET('/version')).response.status).toBe(200);
      expect((await client.GET('/user/profile')).response.status).toBe(200);
    }
    expect([count('GET /logout'), count('GET /user/logout')]).toEqual([1, 1]);
    expect(await stillValid(lastBearer('/logout')!, '/version')).toBe(false);
    expect(await stillValid(lastBearer('/user/logout')!, '/user/profile')).toBe(false);
  });

  it('sends nothing for a realm that never obtained a token', async () => {
    const count = counter();
    {
      await using client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, admin, user });
      await client.GET('/version');
    }
    expect([count('GET /logout'), count('GET /user/logout')]).toEqual([1, 0]);
  });

  it('waits for a token request in flight, revokes that token, and obtains none after', async () => {
    const tokenAsked = deferred();
    const scopeEnded = deferred();
    const count = counter();
    let call: Promise<unknown>;
    {
      await using client = createSftpgoClient({
        baseUrl: sftpgo.baseUrl,
        admin,
        async fetch(request) {
          const path = new URL(request.url).pathname;
          if (path === '/token') tokenAsked.resolve();
          // The call itself goes out only after the scope has ended.
          if (path === '/version') await scopeEnded.promise;
          return fetch(request);
        },
      });
      call = client.GET('/version').then(
        ({ response }) => response.status,
        (error: unknown) => error,
      );
      await tokenAsked.promise; // the token request is under way as the scope ends
    }
    scopeEnded.resolve();
    expect(count('GET /token')).toBe(1);
    expect(count('GET /logout')).toBe(1);
    // The call meets its revoked token, and the disposed client obtains no new one.
    const outcome = await call;
    expect(outcome).toBeInstanceOf(SftpgoConfigError);
    expect(String(outcome)).toMatch(/disposed/);
    expect(count('GET /token')).toBe(1);
    expect(await stillValid(lastBearer('/logout')!, '/version')).toBe(false);
  });

  it('leaves a static accessToken alone; logout() in the scope revokes it', async () => {
    const { access_token } = await createSftpgoClient({ baseUrl: sftpgo.baseUrl, admin }).getToken();
    const count = counter();
    {
      await using client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, accessToken: access_token });
      expect((await client.GET('/version')).response.status).toBe(200);
    }
    expect(count('GET /logout')).toBe(0);
    expect(await stillValid(`Bearer ${access_token}`, '/version')).toBe(true);
    {
      await using client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, accessToken: access_token });
      await client.logout();
    }
    expect(count('GET /logout')).toBe(1);
    expect(await stillValid(`Bearer ${access_token}`, '/version')).toBe(false);
  });
});

describe('await using, when a logout fails', () => {
  let fault: FaultServer;
  beforeAll(async () => {
    fault = await startFaultServer();
  });
  afterAll(() => fault?.close());

  it('both realms are tried, and the scope throws the first failure', async () => {
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    fault.script('/token', [{ status: 200, body: { access_token: issuedToken('admin'), expires_at: expiresAt } }]);
    fault.script('/user/token', [{ status: 200, body: { access_token: issuedToken('user'), expires_at: expiresAt } }]);
    fault.script('/version', [{ status: 200, body: {} }]);
    fault.script('/user/profile', [{ status: 200, body: {} }]);
    fault.script('/logout', [{ status: 500, body: { message: 'Internal Server Error' } }]);
    fault.script('/user/logout', [{ status: 200, body: { message: 'Your token was successfully revoked' } }]);
    const scope = async () => {
      await using client = createSftpgoClient({ baseUrl: fault.url, admin, user, retry: false });
      await client.GET('/version');
      await client.GET('/user/profile');
    };
    const error = await scope().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SftpgoApiError);
    expect(error).toMatchObject({ status: 500, path: '/logout' });
    expect([fault.hits('/logout'), fault.hits('/user/logout')]).toEqual([1, 1]);
  });
});
