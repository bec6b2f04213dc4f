// Self-tests of the test servers: the SFTPGo stand-in behaves like the
// reference and never violates openapi.yaml (checked by `prism proxy --errors`).
// The fault servers' are in support-fault-servers.test.ts.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../support/fault-server.js';
import { startPrism, type PrismHandle } from '../support/prism.js';
import { startSftpgoServer, totpCode, type SftpgoServer } from '../support/sftpgo-server.js';

const SPEC = fileURLToPath(new URL('../../openapi.yaml', import.meta.url));
const SECRET = 'JBSWY3DPEHPK3PXP';

const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });

async function call(url: string, headers: Record<string, string> = {}): Promise<{ res: Response; body: any }> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  return { res, body: text ? JSON.parse(text) : undefined };
}

async function getToken(base: string, path: '/token' | '/user/token', user: string, password: string, otp?: string) {
  const { res, body } = await call(`${base}${path}`, { Authorization: basic(user, password), ...(otp ? { 'X-SFTPGO-OTP': otp } : {}) });
  expect(res.status).toBe(200);
  return body as { access_token: string; expires_at: string };
}

function startServer(extra: Parameters<typeof startSftpgoServer>[0] = {}): Promise<SftpgoServer> {
  return startSftpgoServer({
    admins: { admin: { password: 'adminpw' }, otpadmin: { password: 'pw', totpSecret: SECRET } },
    users: { alice: { password: 'alicepw' } },
    apiKeys: { 'kid.secret': { realm: 'admin', username: 'admin' }, 'ukid.usecret': { realm: 'user', username: 'alice' } },
    ...extra,
  });
}

describe('totpCode', () => {
  it('matches the RFC 6238 SHA-1 test vectors (last six digits)', () => {
    const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // base32 of "12345678901234567890"
    expect(totpCode(rfcSecret, 59_000)).toBe('287082');
    expect(totpCode(rfcSecret, 1_111_111_109_000)).toBe('081804');
    expect(totpCode(rfcSecret, 20_000_000_000_000)).toBe('353130');
  });
});

describe('sftpgo server', () => {
  let s: SftpgoServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(() => s.close());

  it('issues a real admin JWT that /version accepts', async () => {
    const token = await getToken(s.url, '/token', 'admin', 'adminpw');
    expect(token.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const claims = JSON.parse(Buffer.from(token.access_token.split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({ aud: ['API', '127.0.0.1'], username: 'admin' });
    expect(claims.iat - claims.nbf).toBe(10);
    expect(claims.exp - claims.iat).toBe(1200);
    expect(new Date(token.expires_at).getTime()).toBe(claims.exp * 1000);
    const { res, body } = await call(`${s.url}/version`, bearer(token.access_token));
    expect(res.status).toBe(200);
    expect(body).toEqual({ version: '2.7.5', build_date: '2026-01-10T17:22:41Z', commit_hash: '8c4f5a1', features: ['+metrics', '+unixcrypt', '+portable'] });
    expect(s.counts()['GET /token']).toBeGreaterThanOrEqual(1);
  });

  it('answers 401 with a Basic challenge for missing or wrong credentials', async () => {
    const missing = await call(`${s.url}/token`);
    expect([missing.res.status, missing.body]).toEqual([401, { message: 'Unauthorized' }]);
    expect(missing.res.headers.get('www-authenticate')).toBe('Basic realm="SFTPGo"');
    const wrong = await call(`${s.url}/user/token`, { Authorization: basic('alice', 'nope') });
    expect([wrong.res.status, wrong.body]).toEqual([401, { error: 'invalid credentials', message: 'Unauthorized' }]);
    expect(wrong.res.headers.get('www-authenticate')).toBe('Basic realm="SFTPGo"');
  });

  it('rejects a token of the other realm with 401 "audience is not valid"', async () => {
    const admin = await getToken(s.url, '/token', 'admin', 'adminpw');
    const user = await getToken(s.url, '/user/token', 'alice', 'alicepw');
    const audience = { message: 'Your token audience is not valid' };
    const a = await call(`${s.url}/user/profile`, bearer(admin.access_token));
    expect([a.res.status, a.body]).toEqual([401, audience]);
    const u = await call(`${s.url}/version`, bearer(user.access_token));
    expect([u.res.status, u.body]).toEqual([401, audience]);
    const ok = await call(`${s.url}/user/profile`, bearer(user.access_token));
    expect(ok.res.status).toBe(200);
    expect(ok.body).toEqual({ email: 'alice@example.com', description: 'Profile of alice', allow_api_key_auth: true });
  });

  it('revokes a token on logout; reuse and a second logout get "no longer valid"', async () => {
    const { access_token } = await getToken(s.url, '/user/token', 'alice', 'alicepw');
    const out = await call(`${s.url}/user/logout`, bearer(access_token));
    expect([out.res.status, out.body]).toEqual([200, { message: 'Your token has been invalidated' }]);
    const gone = { message: 'Your token is no longer valid' };
    for (const path of ['/user/profile', '/user/logout']) {
      const r = await call(`${s.url}${path}`, bearer(access_token));
      expect([r.res.status, r.body]).toEqual([401, gone]);
    }
  });

  it('looks at revocation before the audience: a revoked token of the other realm is "no longer valid"', async () => {
    const { access_token } = await getToken(s.url, '/token', 'admin', 'adminpw');
    await call(`${s.url}/logout`, bearer(access_token));
    const r = await call(`${s.url}/user/profile`, bearer(access_token));
    expect([r.res.status, r.body]).toEqual([401, { message: 'Your token is no longer valid' }]);
  });

  it('refuses an empty username or password on /user/token with a bare Unauthorized', async () => {
    for (const [user, password] of [['alice', ' '], ['', 'alicepw']] as const) {
      const r = await call(`${s.url}/user/token`, { Authorization: basic(user, password) });
      expect([r.res.status, r.body, r.res.headers.get('www-authenticate')]).toEqual([401, { message: 'Unauthorized' }, 'Basic realm="SFTPGo"']);
    }
  });

  it('accepts a TOTP code once, then refuses its replay', async () => {
    const code = totpCode(SECRET, s.now());
    await getToken(s.url, '/token', 'otpadmin', 'pw', code);
    const replay = await call(`${s.url}/token`, { Authorization: basic('otpadmin', 'pw'), 'X-SFTPGO-OTP': code });
    expect([replay.res.status, replay.body]).toEqual([401, { error: 'invalid credentials', message: 'Unauthorized' }]);
    const none = await call(`${s.url}/token`, { Authorization: basic('otpadmin', 'pw') });
    expect(none.res.status).toBe(401);
    // The next step's code is within the accepted skew, so a quick renewal still works.
    await getToken(s.url, '/token', 'otpadmin', 'pw', totpCode(SECRET, s.now() + 30_000));
  });

  it('handles API keys as SFTPGo: scope, secret, malformed or unknown 400, logout and profile 403', async () => {
    const answer = async (path: string, key: string) => {
      const { res, body } = await call(`${s.url}${path}`, { 'X-SFTPGO-API-KEY': key });
      return [res.status, body];
    };
    expect((await answer('/version', 'kid.secret'))[0]).toBe(200);
    expect(await answer('/user/profile', 'kid.secret')).toEqual([403, { error: 'the provided api key is invalid for this request', message: '' }]);
    expect(await answer('/version', 'kid.wrong')).toEqual([401, { error: 'the provided api key cannot be authenticated', message: '' }]);
    for (const key of ['nodot', 'nokid.secret']) {
      expect(await answer('/version', key)).toEqual([400, { error: 'the provided api key is not valid', message: '' }]);
    }
    // The profile and logout need a bearer token, though the key itself is good.
    const refused = [403, { message: 'API key authentication is not allowed' }];
    expect(await answer('/user/profile', 'ukid.usecret')).toEqual(refused);
    expect(await answer('/user/logout', 'ukid.usecret')).toEqual(refused);
    expect(await answer('/logout', 'kid.secret')).toEqual(refused);
  });

  it('invalidates every token on revokeAll and rotateKey', async () => {
    const a = await getToken(s.url, '/token', 'admin', 'adminpw');
    s.revokeAll();
    expect((await call(`${s.url}/version`, bearer(a.access_token))).body.message).toBe('Your token is no longer valid');
    const b = await getToken(s.url, '/token', 'admin', 'adminpw');
    expect((await call(`${s.url}/version`, bearer(b.access_token))).res.status).toBe(200);
    s.rotateKey();
    expect((await call(`${s.url}/version`, bearer(b.access_token))).body).toEqual({ message: 'Unauthorized', error: 'no token found' });
  });

  it('answers 404 outside its routes', async () => {
    expect((await call(`${s.url}/nope`)).res.status).toBe(404);
    expect((await call(`${s.origin}/token`)).res.status).toBe(404);
  });
});

describe('sftpgo server clock', () => {
  it('drives Date, expires_at and expiry (30 s leeway, presentedExpired without)', async () => {
    const s = await startServer({ basePath: '', clockOffsetMs: -3_600_000, lifetimeSeconds: 60 });
    try {
      expect(s.url).toBe(s.origin);
      const { res, body } = await call(`${s.url}/token`, { Authorization: basic('admin', 'adminpw') });
      const serverDate = Date.parse(res.headers.get('date')!);
      expect(Math.abs(serverDate - (Date.now() - 3_600_000))).toBeLessThan(5_000);
      expect(Date.parse(body.expires_at) - serverDate).toBeGreaterThan(55_000);
      const t = bearer(body.access_token);
      s.setClockOffset(-3_600_000 + 75_000); // 15 s past exp: inside the leeway
      expect((await call(`${s.url}/version`, t)).res.status).toBe(200);
      expect(s.requests.at(-1)).toMatchObject({ path: '/version', status: 200, presentedExpired: true });
      s.setClockOffset(-3_600_000 + 95_000); // past exp + 30 s
      expect((await call(`${s.url}/version`, t)).body).toEqual({ message: 'Unauthorized', error: 'no token found' });
    } finally {
      await s.close();
    }
  });
});

describe('sftpgo server tokenDelayMs', () => {
  it('holds token answers so concurrent requests overlap', async () => {
    const s = await startServer({ tokenDelayMs: 150 });
    try {
      const started = Date.now();
      const both = Promise.all([0, 1].map(() => getToken(s.url, '/token', 'admin', 'adminpw')));
      await new Promise((r) => setTimeout(r, 75));
      // Both have arrived and neither is answered yet.
      expect(s.requests.map((r) => [r.path, r.status])).toEqual([['/token', 0], ['/token', 0]]);
      await both;
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      expect(s.counts()['GET /token']).toBe(2);
    } finally {
      await s.close();
    }
  });
});

describe('sftpgo server behind prism proxy --errors', () => {
  let s: SftpgoServer;
  let fault: FaultServer;
  let prism: PrismHandle;
  let faultPrism: PrismHandle;
  // Prism turns a spec violation into 500 application/problem+json with an sl-violations header.
  const expectValid = (res: Response): void => {
    expect(res.headers.get('sl-violations')).toBeNull();
    expect(res.headers.get('content-type')).toBe('application/json');
  };

  beforeAll(async () => {
    [s, fault] = await Promise.all([startServer({ clockOffsetMs: 90_000 }), startFaultServer()]);
    [prism, faultPrism] = await Promise.all([
      startPrism({ spec: SPEC, mode: 'proxy', upstream: s.url, errors: true }),
      startPrism({ spec: SPEC, mode: 'proxy', upstream: fault.url, errors: true }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([prism?.stop(), faultPrism?.stop()]);
    await Promise.all([s?.close(), fault?.close()]);
  });

  it('passes token, bearer, 401 and logout responses unchanged', async () => {
    const before = s.counts();
    const token = await call(`${prism.url}/token`, { Authorization: basic('admin', 'adminpw') });
    expectValid(token.res);
    expect(token.res.status).toBe(200);
    // Upstream's Date (its clock is 90 s ahead) reaches the client through Prism.
    expect(Date.parse(token.res.headers.get('date')!) - Date.now()).toBeGreaterThan(80_000);
    const user = await call(`${prism.url}/user/token`, { Authorization: basic('alice', 'alicepw') });
    expectValid(user.res);

    const checks: Array<[string, Record<string, string>, number]> = [
      ['/version', bearer(token.body.access_token), 200],
      ['/user/profile', bearer(user.body.access_token), 200],
      ['/version', { 'X-SFTPGO-API-KEY': 'kid.secret' }, 200],
      ['/version', { 'X-SFTPGO-API-KEY': 'nodot' }, 400],
      ['/token', { Authorization: basic('admin', 'wrong') }, 401],
      ['/token', { Authorization: basic('otpadmin', 'pw'), 'X-SFTPGO-OTP': totpCode(SECRET, s.now()) }, 200],
      ['/user/profile', bearer(token.body.access_token), 401],
      ['/logout', bearer(token.body.access_token), 200],
      ['/logout', bearer(token.body.access_token), 401],
      ['/version', bearer(token.body.access_token), 401],
    ];
    for (const [path, headers, status] of checks) {
      const { res } = await call(`${prism.url}${path}`, headers);
      expectValid(res);
      expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(status);
    }
    // Every one of them reached the server: Prism forwards /x to <upstream>/x.
    const after = s.counts();
    expect((after['GET /token'] ?? 0) - (before['GET /token'] ?? 0)).toBe(3);
    expect((after['GET /logout'] ?? 0) - (before['GET /logout'] ?? 0)).toBe(2);
  });

  it('serves /healthz at the root and, as Prism forwards it, under the base, with its own clock in Date', async () => {
    for (const url of [`${s.origin}/healthz`, `${s.url}/healthz`, `${prism.url}/healthz`]) {
      const res = await fetch(url);
      expect(res.headers.get('sl-violations'), url).toBeNull();
      expect([res.status, await res.text()], url).toEqual([200, 'ok']);
      expect(Date.parse(res.headers.get('date')!) - Date.now(), url).toBeGreaterThan(80_000);
    }
  });

  it('answers requests that miss the security requirement itself, without upstream', async () => {
    const before = s.counts()['GET /token'] ?? 0;
    const { res, body } = await call(`${prism.url}/token`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(body.type).toMatch(/UNAUTHORIZED$/);
    expect(s.counts()['GET /token'] ?? 0).toBe(before);
  });

  it('does flag a violating upstream (negative control)', async () => {
    fault.script('/version', [{ status: 200, body: { features: 'not-an-array' } }]);
    const { res, body } = await call(`${faultPrism.url}/version`, bearer('x.y.z'));
    expect(res.status).toBe(500);
    expect(res.headers.get('sl-violations')).toContain('features');
    expect(body.type).toMatch(/VIOLATIONS$/);
  });
});

describe('global setup', () => {
  it('provides the Prism mock URL, which serves the spec at its root', async () => {
    const { res, body } = await call(`${inject('prismUrl')}/version`, bearer('anything'));
    expect(res.status).toBe(200);
    expect(body.version).toBe('2.7.5');
  });
});
