/**
 * The client on a spec other than ours: a fixture with each construct of
 * SFTPGo's complete document that decides auth, generated in the test run and
 * served by its own Prism mock. Every operation must get exactly the
 * credentials its security says, whatever the path.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/generate/generate.js';
import { writeFiles } from '../../src/generate/write-files.js';
import { basicAuthorization, createSftpgoClient, SftpgoConfigError } from '../../src/index.js';
import type { paths } from '../fixtures/generated/openapi.js';
import type { securityMap as FixtureMap } from '../fixtures/generated/security.js';
import { startPrism, type PrismHandle } from '../support/prism.js';
import { decodeBasic, recordingFetch } from '../support/recording-fetch.js';
import { ADMIN, SECRETS, USER } from '../support/secrets.js';

const SPEC = fileURLToPath(new URL('../fixtures/sftpgo-like.yaml', import.meta.url));
const OUT = fileURLToPath(new URL('../../test-output/any-spec/', import.meta.url));
const admin = ADMIN;
const user = USER;
const apiKey = SECRETS.apiKey;

let prism: PrismHandle;
let securityMap: typeof FixtureMap;

beforeAll(async () => {
  await writeFiles(OUT, await generate({ spec: SPEC, out: OUT }));
  ({ securityMap } = await import(/* @vite-ignore */ `${OUT}security.js`));
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
    expect(securityMap.operations['GET /shares/{id}']).toMatchObject({ security: [['BasicAuth']] });
    expect(securityMap.operations['GET /shares/{id}']!.issuesToken).toBeUndefined();
    expect(securityMap.tokenOperations).toEqual({ admin: 'GET /token', user: 'GET /user/token' });
  });

  it('records how bodies travel where they are not JSON', () => {
    const media = Object.fromEntries(
      Object.entries(securityMap.operations)
        .filter(([, op]) => 'body' in op || 'answer' in op)
        .map(([key, op]) => [key, { body: 'body' in op ? op.body : undefined, answer: 'answer' in op ? op.answer : undefined }]),
    );
    expect(media).toEqual({
      'GET /healthz': { body: undefined, answer: 'text' },
      'GET /user/files': { body: undefined, answer: 'binary' },
      'POST /user/files': { body: 'multipart', answer: undefined },
      'POST /user/files/upload': { body: 'binary', answer: undefined },
      'POST /user/streamzip': { body: undefined, answer: 'binary' },
      'GET /shares/{id}': { body: undefined, answer: 'binary' },
      'GET /shares/{id}/files': { body: undefined, answer: 'binary' },
      'POST /shares/{id}/{fileName}': { body: 'binary', answer: undefined },
    });
  });
});

describe('each operation gets the auth its security says', () => {
  it('bearer operations take a token of their realm, by path', async () => {
    const { sftpgo, wire, sent } = client();
    await sftpgo.GET('/admins/{username}', { params: { path: { username: 'admin' } } });
    await sftpgo.GET('/users', { params: { query: { offset: 0, limit: 10 } } });
    await sftpgo.GET('/user/files', { params: { query: { path: '/a.txt' } } });
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
    await sftpgo.GET('/user/files', { params: { query: { path: '/a' } } });
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
    await sftpgo.GET('/user/files', { params: { query: { path: '/a' } } });
    await sftpgo.GET('/user/profile');
    await sftpgo.getToken();
    expect(sent('/users').map((r) => [r.headers['x-sftpgo-api-key'], r.headers.authorization])).toEqual([
      [apiKey, undefined],
      [apiKey, undefined],
    ]);
    // /user/files takes the default security, as upstream: the key too.
    expect(sent('/user/files')[0]!.headers).toMatchObject({ 'x-sftpgo-api-key': apiKey });
    // /user/profile is bearer-only: a user token, never the key.
    expect(sent('/user/profile')[0]!.headers).toMatchObject({ authorization: 'Bearer user.jwt.token' });
    expect(sent('/user/profile')[0]!.headers['x-sftpgo-api-key']).toBeUndefined();
    // Token operations take Basic only.
    for (const r of [...sent('/token'), ...sent('/user/token')]) expect(r.headers['x-sftpgo-api-key']).toBeUndefined();
    expect(wire.requests.filter((r) => r.path === '/token')).toHaveLength(1); // getToken itself, not for /users
  });

  it('public operations get no credentials, at their own server', async () => {
    const { sftpgo, wire } = client({ apiKey });
    const { data, response } = await sftpgo.GET('/healthz');
    expect(response.status).toBe(200);
    expect(data).toBe('ok');
    expect(wire.requests).toHaveLength(1);
    expect(wire.requests[0]!.url).toBe(`${prism.url}/healthz`);
    expect(wire.requests[0]!.headers.authorization).toBeUndefined();
    expect(wire.requests[0]!.headers['x-sftpgo-api-key']).toBeUndefined();
  });

  it('a Basic operation that issues no token gets no realm password, only what the call passes', async () => {
    const { sftpgo, sent } = client({ apiKey });
    // A share without a password: sent with no credentials at all. (Prism
    // answers 401, as the spec's BasicAuth says; SFTPGo asks only for a share
    // with a password.)
    await sftpgo.GET('/shares/{id}', { params: { path: { id: 's1' } } });
    expect(sent('/shares/s1')[0]!.headers.authorization).toBeUndefined();
    expect(sent('/shares/s1')[0]!.headers['x-sftpgo-api-key']).toBeUndefined();
    const share = basicAuthorization('share', 'shäre-Secret-4');
    await sftpgo.GET('/shares/{id}', { params: { path: { id: 's2' } }, headers: { Authorization: share } });
    expect(sent('/shares/s2')[0]!.headers.authorization).toBe(share);
    expect(sent('/shares/s2')[0]!.headers['x-sftpgo-api-key']).toBeUndefined();
  });

  it('a static accessToken serves a realm without credentials', async () => {
    const wire = recordingFetch();
    const sftpgo = createSftpgoClient<paths>({ baseUrl: prism.url, accessToken: SECRETS.accessToken, securityMap, fetch: wire.fetch });
    await sftpgo.GET('/users');
    await sftpgo.GET('/user/files', { params: { query: { path: '/a' } } });
    expect(wire.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
      ['/users', `Bearer ${SECRETS.accessToken}`],
      ['/user/files', `Bearer ${SECRETS.accessToken}`],
    ]);
  });

  it('an operation nothing configured can satisfy fails before sending', async () => {
    const { sftpgo, wire } = client({ withUser: false });
    await expect(sftpgo.GET('/user/files', { params: { query: { path: '/a' } }})).rejects.toThrow(SftpgoConfigError);
    expect(wire.requests).toEqual([]);
  });

  it('a request body survives a 401 replay', async () => {
    const { sftpgo, wire, sent } = client();
    await sftpgo.GET('/user/files', { params: { query: { path: '/warm' } } }); // a user token is held
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

describe('no call goes out unauthenticated by mistake', () => {
  it('an operation the map does not know fails before sending, naming it and the fix', async () => {
    const wire = recordingFetch();
    // The package's own map, with the fixture's types: the types catch this
    // (see types.test-d.ts); a cast gets past them, the run time does not.
    const sftpgo = createSftpgoClient<any>({ baseUrl: prism.url, admin, fetch: wire.fetch } as any);
    const e = await (sftpgo as any).GET('/users').catch((error: unknown) => error);
    expect(e).toBeInstanceOf(SftpgoConfigError);
    expect(String(e)).toMatch(/GET \/users is not in the security map.*pass the securityMap generated with these types/);
    expect(wire.requests).toEqual([]);
  });
});
