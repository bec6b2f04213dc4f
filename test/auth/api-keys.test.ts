/**
 * API keys go where SFTPGo takes them, per the spec's security: in place of a
 * token on operations that accept keys, never to the token and logout
 * operations, nor to the user profile, which SFTPGo refuses keys on (403
 * "API key authentication is not allowed") though its default security says
 * otherwise. Against the stand-in behind Prism's validating proxy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSftpgoClient } from '../../src/index.js';
import { startProxiedSftpgo, type ProxiedSftpgo } from '../support/proxied-sftpgo.js';
import { recordingFetch } from '../support/recording-fetch.js';

const admin = { username: 'keyadmin', password: 'keyadmin-Secret-1' };
const user = { username: 'keyuser', password: 'keyuser-Secret-2' };
const ADMIN_KEY = 'akid.akey-Secret-3';
const FREE_KEY = 'fkid.fkey-Secret-4';
const USER_KEY = 'ukid.ukey-Secret-5';
let sftpgo: ProxiedSftpgo;

beforeAll(async () => {
  sftpgo = await startProxiedSftpgo({
    admins: { [admin.username]: { password: admin.password } },
    users: { [user.username]: { password: user.password } },
    apiKeys: {
      [ADMIN_KEY]: { realm: 'admin', username: admin.username },
      [FREE_KEY]: { realm: 'admin' },
      [USER_KEY]: { realm: 'user', username: user.username },
    },
  });
});
afterAll(() => sftpgo?.close());

describe('API keys', () => {
  it.each([
    ['a key of the admin', ADMIN_KEY],
    ['a key of no one, naming the admin in a .username suffix', `${FREE_KEY}.${admin.username}`],
  ])('%s replaces the admin token on /version: no token is obtained', async (_, apiKey) => {
    const wire = recordingFetch();
    const client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, admin, apiKey, fetch: wire.fetch });
    const { data, response } = await client.GET('/version');
    expect(response.status).toBe(200);
    expect(data?.version).toBe('2.7.5');
    expect(wire.requests.map((r) => [r.path, r.headers['x-sftpgo-api-key'], r.headers.authorization])).toEqual([['/version', apiKey, undefined]]);
  });

  it('the user profile gets a user token even with a key configured: SFTPGo refuses keys there', async () => {
    const wire = recordingFetch();
    const client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, user, apiKey: USER_KEY, fetch: wire.fetch });
    const { data, response } = await client.GET('/user/profile');
    expect(response.status).toBe(200);
    expect(data?.allow_api_key_auth).toBe(true);
    expect(wire.requests.map((r) => r.path)).toEqual(['/user/token', '/user/profile']);
    expect(wire.requests.every((r) => r.headers['x-sftpgo-api-key'] === undefined)).toBe(true);
  });

  it('the token and logout operations never carry the key', async () => {
    const wire = recordingFetch();
    const client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, admin, user, apiKey: USER_KEY, fetch: wire.fetch });
    await client.getToken();
    await client.GET('/user/profile');
    await expect(client.clientLogout()).resolves.toEqual({ message: 'Your token has been invalidated' });
    expect(wire.requests.map((r) => r.path)).toEqual(['/token', '/user/token', '/user/profile', '/user/logout']);
    expect(wire.requests.every((r) => r.headers['x-sftpgo-api-key'] === undefined)).toBe(true);
  });
});
