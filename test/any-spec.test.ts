/**
 * The client on a spec other than ours: a fixture with each construct of
 * SFTPGo's complete document that decides auth, generated in the test run and
 * served by its own Prism mock. Every operation must get exactly the
 * credentials its security says, whatever the path.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../scripts/generate.ts';
import { createSftpgoClient, SftpgoConfigError, type SecurityMap } from '../src/index.js';
import type { paths } from './fixtures/generated/openapi.js';
import { startPrism, type PrismHandle } from './support/prism.js';
import { decodeBasic, recordingFetch } from './support/recording-fetch.js';
import { ADMIN, SECRETS, USER } from './support/secrets.js';

const SPEC = fileURLToPath(new URL('fixtures/sftpgo-like.yaml', import.meta.url));
const OUT = fileURLToPath(new URL('../test-output/any-spec/', import.meta.url));
const admin = ADMIN;
const user = USER;
const apiKey = SECRETS.apiKey;

let prism: PrismHandle;
let securityMap: SecurityMap;

beforeAll(async () => {
  const files = await generate(SPEC);
  await mkdir(OUT, { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(OUT + name, content);
  ({ securityMap } = await import(/* @vite-ignore */ `${OUT}security.ts`));
  prism = await startPrism({ spec: SPEC, mode: 'mock' });
});
afterAll(() => prism?.stop());

function client(options: { apiKey?: string; accessToken?: string; withUser?: boolean } = {}) {
  const wire = recordingFetch();
  const sftpgo = createSftpgoClient<paths>({
    baseUrl: prism.url,
    admin,
    ...(options.withUser === false ? {} : { user }),
    ...options,
    securityMap,
    fetch: wire.fetch,
  });
  const sent = (path: string) => wire.requests.filter((r) => r.path === path);
  return { sftpgo, wire, sent };
}

describe('generated from the fixture', () => {
  it('reads the default, the overrides, the public operations and the second server', () => {
    expect(securityMap.operations['GET /users']!.security).toEqual([['BearerAuth'], ['APIKeyAuth']]);
    expect(securityMap.operations['GET /logout']!.security).toEqual([['BearerAuth']]);
    expect(securityMap.operations['GET /healthz']).toMatchObject({ security: [], server: '/' });
    expect(securityMap.operations['GET /shares/{id}']).toMatchObject({ security: [['BasicAuth'], []] });
    expect(securityMap.operations['GET /shares/{id}']!.issuesToken).toBeUndefined();
    expect(securityMap.tokenOperations).toEqual({ admin: 'GET /token', user: 'GET /user/token' });
  });
});

describe('each operation gets the auth its security says', () => {
  it('bearer operations take a token of their realm, by path', async () => {
    const { sftpgo, wire, sent } = client();
    await sftpgo.GET('/admins/{username}', { params: { path: { username: 'admin' } } });
    await sftpgo.GET('/users', { params: { query: { offset: 0, limit: 10 } } });
    await sftpgo.GET('/user/files', { params: { query: { path: '/a.txt' } }, parseAs: 'text' });
    expect(wire.requests.map((r) => r.path)).toEqual(['/token', '/admins/admin', '/users', '/user/token', '/user/files']);
    expect(sent('/admins/admin')[0]!.headers.authorization).toBe('Bearer admin.jwt.token');
    expect(sent('/users')[0]!.headers.authorization).toBe('Bearer admin.jwt.token');
    expect(sent('/users')[0]!.url).toMatch(/\?offset=0&limit=10$/);
    expect(sent('/user/files')[0]!.headers.authorization).toBe('Bearer user.jwt.token');
    for (const r of wire.requests) expect(r.headers['x-sftpgo-api-key']).toBeUndefined();
  });

  it('a realm password goes to its token operation only', async () => {
    const { sftpgo, wire } = client();
    await sftpgo.GET('/users');
    await sftpgo.GET('/user/files', { params: { query: { path: '/a' } }, parseAs: 'text' });
    const withBasic = wire.requests.filter((r) => r.headers.authorization?.startsWith('Basic '));
    expect(withBasic.map((r) => [r.path, decodeBasic(r.headers.authorization)])).toEqual([
      ['/token', admin],
      ['/user/token', user],
    ]);
  });

  it('an API key replaces tokens where the operation allows it, and only there', async () => {
    const { sftpgo, wire, sent } = client({ apiKey });
    await sftpgo.GET('/users');
    await sftpgo.POST('/users', { body: { username: 'bob' } });
    await sftpgo.GET('/user/files', { params: { query: { path: '/a' } }, parseAs: 'text' });
    await sftpgo.getToken();
    expect(sent('/users').map((r) => [r.headers['x-sftpgo-api-key'], r.headers.authorization])).toEqual([
      [apiKey, undefined],
      [apiKey, undefined],
    ]);
    // /user/files is bearer-only: a user token, never the key.
    expect(sent('/user/files')[0]!.headers).toMatchObject({ authorization: 'Bearer user.jwt.token' });
    expect(sent('/user/files')[0]!.headers['x-sftpgo-api-key']).toBeUndefined();
    // Token operations take Basic only.
    for (const r of [...sent('/token'), ...sent('/user/token')]) expect(r.headers['x-sftpgo-api-key']).toBeUndefined();
    expect(wire.requests.filter((r) => r.path === '/token')).toHaveLength(1); // getToken itself, not for /users
  });

  it('public operations get no credentials, at their own server', async () => {
    const { sftpgo, wire } = client({ apiKey });
    const { data, response } = await sftpgo.GET('/healthz', { parseAs: 'text' });
    expect(response.status).toBe(200);
    expect(data).toBe('ok');
    expect(wire.requests).toHaveLength(1);
    expect(wire.requests[0]!.url).toBe(`${prism.url}/healthz`);
    expect(wire.requests[0]!.headers.authorization).toBeUndefined();
    expect(wire.requests[0]!.headers['x-sftpgo-api-key']).toBeUndefined();
  });

  it('a Basic operation that issues no token gets no realm password, only what the call passes', async () => {
    const { sftpgo, sent } = client({ apiKey });
    await sftpgo.GET('/shares/{id}', { params: { path: { id: 's1' } }, parseAs: 'blob' });
    expect(sent('/shares/s1')[0]!.headers.authorization).toBeUndefined();
    expect(sent('/shares/s1')[0]!.headers['x-sftpgo-api-key']).toBeUndefined();
    const share = 'Basic ' + btoa('share:share-Secret-4');
    await sftpgo.GET('/shares/{id}', { params: { path: { id: 's2' } }, headers: { Authorization: share }, parseAs: 'blob' });
    expect(sent('/shares/s2')[0]!.headers.authorization).toBe(share);
    expect(sent('/shares/s2')[0]!.headers['x-sftpgo-api-key']).toBeUndefined();
  });

  it('a static accessToken serves a realm without credentials', async () => {
    const wire = recordingFetch();
    const sftpgo = createSftpgoClient<paths>({ baseUrl: prism.url, accessToken: SECRETS.accessToken, securityMap, fetch: wire.fetch });
    await sftpgo.GET('/users');
    await sftpgo.GET('/user/files', { params: { query: { path: '/a' } }, parseAs: 'text' });
    expect(wire.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
      ['/users', `Bearer ${SECRETS.accessToken}`],
      ['/user/files', `Bearer ${SECRETS.accessToken}`],
    ]);
  });

  it('an operation nothing configured can satisfy fails before sending', async () => {
    const { sftpgo, wire } = client({ withUser: false });
    await expect(sftpgo.GET('/user/files', { params: { query: { path: '/a' } }, parseAs: 'text' })).rejects.toThrow(SftpgoConfigError);
    expect(wire.requests).toEqual([]);
  });

  it('a request body survives a 401 replay', async () => {
    const { sftpgo, wire, sent } = client();
    await sftpgo.GET('/user/files', { params: { query: { path: '/warm' } }, parseAs: 'text' }); // a user token is held
    // The mock answers the first PUT 401 (as SFTPGo does for a revoked token); the replay is answered normally.
    let first = true;
    const body = { email: 'alice@example.com', description: 'ünïcode ✓' };
    const { data, response } = await sftpgo.PUT('/user/profile', {
      body,
      middleware: [{ onRequest: ({ request }) => { if (first) { first = false; request.headers.set('Prefer', 'code=401'); } return request; } }],
    });
    expect(response.status).toBe(200);
    expect(data).toEqual({ message: 'ok' });
    const puts = sent('/user/profile');
    expect(puts).toHaveLength(2);
    expect(puts.map((r) => JSON.parse(r.body!))).toEqual([body, body]);
    expect(puts[1]!.headers['content-type']).toBe('application/json');
    // The 401 dropped the held token and a new one was obtained for the replay.
    expect(wire.requests.filter((r) => r.path === '/user/token')).toHaveLength(2);
  });
});
