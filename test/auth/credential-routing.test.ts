/**
 * Issue 4, where credentials go: a realm's password only to the operation that
 * issues that realm's tokens, nothing to operations with `security: []`, and
 * tokens and API keys only to the configured origin, neither to a per-call
 * `baseUrl` elsewhere nor through a redirect to another origin. Plain http to a
 * host that is not loopback is refused unless asked for.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSftpgoClient,
  SftpgoConfigError,
  SftpgoProtocolError,
  type SecurityMap,
  type SftpgoClientOptions,
} from '../../src/index.js';
import { startFaultServer, type FaultServer, type FaultStep } from '../support/fault-server.js';
import { decodeBasic } from '../support/recording-fetch.js';
import { ADMIN, issuedToken, SECRETS, USER } from '../support/secrets.js';

const admin = ADMIN;
const user = USER;
const apiKey = SECRETS.apiKey;
const accessToken = SECRETS.accessToken;
const expiresAt = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
const ok: FaultStep = { status: 200, body: { message: 'ok' } };

// A map in the generated shape: the spec's token, bearer and default
// operations, plus public ones SFTPGo has (a root `/healthz`, shares).
const bearerOrKey = [['BearerAuth'], ['APIKeyAuth']];
const securityMap: SecurityMap = {
  schemes: { BasicAuth: { type: 'basic' }, BearerAuth: { type: 'bearer' }, APIKeyAuth: { type: 'apiKey', header: 'X-SFTPGO-API-KEY' } },
  operations: {
    'GET /token': { realm: 'admin', security: [['BasicAuth']], issuesToken: true },
    'GET /user/token': { realm: 'user', security: [['BasicAuth']], issuesToken: true },
    'GET /logout': { realm: 'admin', security: [['BearerAuth']] },
    'GET /version': { realm: 'admin', security: bearerOrKey },
    'GET /user/profile': { realm: 'user', security: bearerOrKey },
    'GET /healthz': { realm: 'admin', security: [], server: '/' },
    'GET /status': { realm: 'admin', security: [] },
    'GET /shares/{id}': { realm: 'admin', security: [['BasicAuth'], []] },
  },
  tokenOperations: { admin: 'GET /token', user: 'GET /user/token' },
};

let fault: FaultServer;
let other: FaultServer;
beforeEach(async () => {
  [fault, other] = await Promise.all([startFaultServer(), startFaultServer()]);
  fault.script('/token', [{ status: 200, body: { access_token: issuedToken('admin'), expires_at: expiresAt } }]);
  fault.script('/user/token', [{ status: 200, body: { access_token: issuedToken('user'), expires_at: expiresAt } }]);
  for (const path of ['/version', '/user/profile', '/healthz', '/status', '/shares/s1', '/moved']) fault.script(path, [ok]);
  for (const path of ['/version', '/user/profile', '/token']) other.script(path, [ok]);
});
afterEach(() => Promise.all([fault.close(), other.close()]));

function client(extra: Partial<SftpgoClientOptions> = {}) {
  return createSftpgoClient<any>({ baseUrl: fault.url, admin, user, securityMap, retry: { baseDelayMs: 1 }, ...extra });
}
const CREDENTIAL_HEADERS = ['authorization', 'x-sftpgo-api-key', 'x-sftpgo-otp'];
const credentialsIn = (headers: Record<string, string | undefined> | undefined) =>
  CREDENTIAL_HEADERS.filter((name) => headers?.[name] !== undefined);

describe('passwords', () => {
  it('go to their realm’s token operation only, tokens to their realm only', async () => {
    const sftpgo = client({ admin: { ...admin, otp: () => '111111' }, user: { ...user, otp: () => '222222' } });
    await sftpgo.GET('/version', {});
    await sftpgo.GET('/user/profile', {});
    await sftpgo.GET('/status', {});
    await sftpgo.GET('/shares/{id}', { params: { path: { id: 's1' } } });
    const seen = ['/token', '/user/token', '/version', '/user/profile', '/status', '/shares/s1'].map((path) => [path, fault.allHeaders(path)] as const);
    expect(seen.map(([path, all]) => [path, all.length])).toEqual(seen.map(([path]) => [path, 1]));
    const basic = seen.filter(([, [h]]) => h!.authorization?.startsWith('Basic '));
    expect(basic.map(([path, [h]]) => [path, decodeBasic(h!.authorization), h!['x-sftpgo-otp']])).toEqual([
      ['/token', admin, '111111'],
      ['/user/token', user, '222222'],
    ]);
    expect(fault.lastHeaders('/version')!.authorization).toBe(`Bearer ${issuedToken('admin')}`);
    expect(fault.lastHeaders('/user/profile')!.authorization).toBe(`Bearer ${issuedToken('user')}`);
  });

  it('a token operation gets no API key, and no other credential, even with all configured', async () => {
    const sftpgo = client({ apiKey, accessToken });
    await sftpgo.getToken();
    const sent = fault.lastHeaders('/token')!;
    expect(credentialsIn(sent)).toEqual(['authorization']);
    expect(decodeBasic(sent.authorization)).toEqual(admin);
  });
});

describe('operations with security: []', () => {
  it.each([
    ['/status', '/status', {}],
    ['/healthz (its own server: the origin’s root)', '/healthz', {}],
    ['/shares/{id} (Basic or nothing: Basic is not a token operation)', '/shares/{id}', { params: { path: { id: 's1' } } }],
  ])('%s gets nothing, and no token is obtained for it', async (_, path, init) => {
    const sftpgo = client({ apiKey, accessToken, admin: { ...admin, otp: '123456' } });
    const { response } = await sftpgo.GET(path, init);
    expect(response.status).toBe(200);
    const hit = path.replace('{id}', 's1');
    expect(fault.hits(hit)).toBe(1);
    expect(credentialsIn(fault.lastHeaders(hit))).toEqual([]);
    expect(fault.hits('/token') + fault.hits('/user/token')).toBe(0);
  });
});

describe('another origin', () => {
  it.each([
    ['credentials (token obtained for it)', {}],
    ['an API key', { apiKey }],
    ['a static access token', { accessToken, admin: undefined, user: undefined }],
  ] as Array<[string, Partial<SftpgoClientOptions>]>)('a per-call baseUrl elsewhere gets nothing, with %s', async (_, extra) => {
    const sftpgo = client(extra);
    expect((await sftpgo.GET('/version', { baseUrl: other.url })).response.status).toBe(200);
    expect((await sftpgo.GET('/user/profile', { baseUrl: other.url })).response.status).toBe(200);
    expect(credentialsIn(other.lastHeaders('/version'))).toEqual([]);
    expect(credentialsIn(other.lastHeaders('/user/profile'))).toEqual([]);
    expect(fault.hits('/token') + fault.hits('/user/token')).toBe(0);
  });

  it('a redirect to another origin is not followed: SftpgoProtocolError, nothing reaches it', async () => {
    const sftpgo = client({ apiKey });
    fault.script('/version', [{ redirectTo: `${other.url}/version` }]);
    const error = await sftpgo.GET('/version', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SftpgoProtocolError);
    expect(error).toMatchObject({ name: 'SftpgoProtocolError', method: 'GET', path: '/version' });
    expect(String(error)).toMatch(/redirected to another origin/);
    expect(fault.hits('/version')).toBe(1); // not retried
    expect(other.hits('/version')).toBe(0);
  });

  it('a call asking fetch to follow redirects is still not followed elsewhere with its API key', async () => {
    const sftpgo = client({ apiKey });
    fault.script('/version', [{ redirectTo: `${other.url}/version` }]);
    await expect(sftpgo.GET('/version', { redirect: 'follow' })).rejects.toBeInstanceOf(SftpgoProtocolError);
    expect(other.hits('/version')).toBe(0);
  });

  it.each([301, 302, 307, 308] as const)('a token request redirected (%i) elsewhere sends no password there, caches nothing', async (status) => {
    const sftpgo = client();
    const target = `//${new URL(other.url).host}/api/v2/token`; // protocol-relative: another origin too
    fault.script('/token', [{ redirectTo: target, status }]);
    await expect(sftpgo.GET('/version', {})).rejects.toBeInstanceOf(SftpgoProtocolError);
    expect(fault.hits('/token')).toBe(1);
    expect(other.hits('/token')).toBe(0);
    expect(sftpgo.tokenInfo('admin')).toBeUndefined();
  });

  // Found by the secret recorder (issue 14): the password went along to wherever the server pointed.
  it('a token request redirected on the same server is not followed: the password goes to the token operation alone', async () => {
    const sftpgo = client();
    fault.script('/token', [{ redirectTo: `${fault.url}/moved` }]);
    const error = await sftpgo.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SftpgoProtocolError);
    expect(String(error)).toMatch(/GET \/token: the server redirected a request carrying a password or one-time code; not followed/);
    expect(fault.hits('/moved')).toBe(0);
    expect(sftpgo.tokenInfo('admin')).toBeUndefined();
  });

  it('a same-origin redirect of a GET is followed, with its credentials', async () => {
    const sftpgo = client();
    fault.script('/version', [{ redirectTo: `${fault.url}/moved` }]);
    const { data } = await sftpgo.GET('/version', {});
    expect(data).toEqual({ message: 'ok' });
    expect(fault.lastHeaders('/moved')!.authorization).toBe(`Bearer ${issuedToken('admin')}`);
  });
});

describe('plain http', () => {
  it.each(['http://sftpgo.example.com/api/v2', 'http://10.0.0.5:8080/api/v2', 'http://127.0.0.1.nip.io/api/v2', 'http://[::2]/api/v2'])(
    '%s is refused, saying why, before anything is sent',
    (baseUrl) => {
      const attempt = () => createSftpgoClient({ baseUrl, admin });
      expect(attempt).toThrow(SftpgoConfigError);
      expect(attempt).toThrow(/plain http.*unencrypted.*allowInsecureHttp: true/);
      expect(attempt).not.toThrow(admin.password);
    },
  );

  it.each(['http://localhost:8080/api/v2', 'http://127.0.0.1/api/v2', 'http://127.1.2.3/api/v2', 'http://[::1]:8080/api/v2', 'https://sftpgo.example.com/api/v2'])(
    '%s is accepted',
    (baseUrl) => {
      expect(() => createSftpgoClient({ baseUrl, admin })).not.toThrow();
    },
  );

  it('a remote http host is accepted with allowInsecureHttp: true', () => {
    expect(() => createSftpgoClient({ baseUrl: 'http://sftpgo.internal/api/v2', admin, allowInsecureHttp: true })).not.toThrow();
  });
});
