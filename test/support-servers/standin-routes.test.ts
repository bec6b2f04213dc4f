// Self-tests of the stand-in's routes beyond the token API, with the answers
// SFTPGo 2.7.5 gave to the same requests: the admin API the live suite sets
// itself up with, two-factor enrolment, files, shares and the rate limiter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSftpgoServer, totpCode, type SftpgoServer } from '../support/sftpgo-server.js';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
let s: SftpgoServer;
let admin: string;

async function call(method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
  const isJson = body !== undefined && !(body instanceof Uint8Array);
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers: { ...(isJson ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body === undefined ? {} : { body: isJson ? JSON.stringify(body) : (body as Uint8Array<ArrayBuffer>) }),
  });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // raw
  }
  return { status: res.status, body: parsed, headers: res.headers };
}
const token = async (path: string, user: string, password: string, otp?: string) =>
  (await call('GET', path, { authorization: basic(user, password), ...(otp ? { 'x-sftpgo-otp': otp } : {}) })).body.access_token as string;
const as = (t: string) => ({ authorization: `Bearer ${t}` });
const newUser = (username: string) => ({ username, password: `${username}-pw`, status: 1, permissions: { '/': ['*'] } });

beforeAll(async () => {
  s = await startSftpgoServer({ admins: { admin: { password: 'adminpw' } } });
  admin = await token('/token', 'admin', 'adminpw');
});
afterAll(() => s.close());

describe('admin API', () => {
  it('adds a user who can log in, refuses a duplicate with 409, deletes it', async () => {
    const added = await call('POST', '/users', as(admin), newUser('ann'));
    expect([added.status, added.headers.get('location')]).toEqual([201, '/api/v2/users/ann']);
    expect(await token('/user/token', 'ann', 'ann-pw')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const again = await call('POST', '/users', as(admin), newUser('ann'));
    expect([again.status, again.body]).toEqual([409, { error: 'duplicated key not allowed: username ann already exists', message: '' }]);
    const noPerms = await call('POST', '/users', as(admin), { username: 'bob', password: 'x', status: 1 });
    expect(noPerms.body).toEqual({ error: 'Validation error: please grant some permissions to this user', message: '' });
    expect((await call('DELETE', '/users/ann', as(admin))).body).toEqual({ message: 'User deleted' });
    expect((await call('DELETE', '/users/ann', as(admin))).status).toBe(404);
  });

  it('makes API keys with a bearer token only, shown once, acting as their owner', async () => {
    await call('POST', '/admins', as(admin), { username: 'keyed', password: 'keyed-pw', status: 1, permissions: ['*'], filters: { allow_api_key_auth: true } });
    const made = await call('POST', '/apikeys', as(admin), { name: 'k', scope: 1, admin: 'keyed' });
    expect(made.status).toBe(201);
    expect(made.body.key).toMatch(/^[A-Za-z0-9]{22}\.[A-Za-z0-9]{22}$/);
    expect(made.headers.get('x-object-id')).toBe(made.body.key.split('.')[0]);
    expect((await call('GET', '/version', { 'x-sftpgo-api-key': made.body.key })).status).toBe(200);
    const withKey = await call('POST', '/apikeys', { 'x-sftpgo-api-key': made.body.key }, { name: 'k2', scope: 1 });
    expect([withKey.status, withKey.body]).toEqual([403, { message: 'API key authentication is not allowed' }]);
  });
});

describe('two-factor enrolment', () => {
  it('generate, validate (a use of the code), save: then token requests need a code', async () => {
    await call('POST', '/users', as(admin), newUser('tfa'));
    const user = await token('/user/token', 'tfa', 'tfa-pw');
    expect((await call('GET', '/user/totp/configs', as(user))).body).toEqual([{ name: 'Default', issuer: 'SFTPGo', algo: 'sha1' }]);
    const { secret } = (await call('POST', '/user/totp/generate', as(user), { config_name: 'Default' })).body;
    const code = totpCode(secret, s.now());
    const valid = await call('POST', '/user/totp/validate', as(user), { config_name: 'Default', passcode: code, secret });
    expect(valid.body).toEqual({ message: 'Passcode successfully validated' });
    const save = { enabled: true, config_name: 'Default', secret: { status: 'Plain', payload: secret }, protocols: ['HTTP'] };
    expect((await call('POST', '/user/totp/save', as(user), save)).body).toEqual({ message: 'TOTP configuration saved' });
    expect((await call('GET', '/user/token', { authorization: basic('tfa', 'tfa-pw') })).status).toBe(401);
    // The code validate spent is refused; the next step's is not.
    expect((await call('GET', '/user/token', { authorization: basic('tfa', 'tfa-pw'), 'x-sftpgo-otp': code })).status).toBe(401);
    expect(await token('/user/token', 'tfa', 'tfa-pw', totpCode(secret, s.now() + 30_000))).toBeTruthy();
  });
});

describe('files and shares', () => {
  let user: string;
  beforeAll(async () => {
    await call('POST', '/users', as(admin), newUser('sharer'));
    user = await token('/user/token', 'sharer', 'sharer-pw');
  });

  it('uploads raw bytes where the folder exists, and downloads them unchanged', async () => {
    const bytes = new Uint8Array([0, 255, 128, 10, 13]);
    expect((await call('POST', '/user/files/upload?path=/a.bin', as(user), bytes)).body).toEqual({ message: 'Upload completed' });
    const missing = await call('POST', '/user/files/upload?path=/no/a.bin', as(user), bytes);
    expect([missing.status, missing.body]).toEqual([404, { error: 'file does not exist', message: 'Unable to write file "/no/a.bin"' }]);
    const res = await fetch(`${s.url}/user/files?path=/a.bin`, { headers: as(user) });
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'application/octet-stream']);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
  });

  it('takes multipart files into a folder mkdir_parents makes, and deletes the folder whole', async () => {
    const form = new FormData();
    form.append('filenames', new Blob([new Uint8Array([7, 8])]), 'm.bin');
    const post = (query: string) => fetch(`${s.url}/user/files?${query}`, { method: 'POST', headers: as(user), body: form });
    expect((await post('path=/d/e')).status).toBe(404);
    expect((await post('path=/d/e&mkdir_parents=true')).status).toBe(201);
    expect((await call('GET', '/user/files?path=/d/e/m.bin', as(user))).status).toBe(200);
    expect((await call('DELETE', '/user/dirs?path=/d', as(user))).body).toEqual({ message: 'Directory "/d" deleted' });
    expect((await call('GET', '/user/files?path=/d/e/m.bin', as(user))).status).toBe(404);
  });

  it("serves a share to anyone, or with the share's password from Basic, any username", async () => {
    await call('POST', '/user/files/upload?path=/s.bin', as(user), new Uint8Array([1, 2, 3]));
    const open = await call('POST', '/user/shares', as(user), { scope: 1, paths: ['/s.bin'] });
    const shut = await call('POST', '/user/shares', as(user), { scope: 1, paths: ['/s.bin'], password: 'share-pw' });
    const [openId, shutId] = [open, shut].map((r) => r.headers.get('x-object-id'));
    expect((await call('GET', `/shares/${openId}?compress=false`)).status).toBe(200);
    const refused = await call('GET', `/shares/${shutId}?compress=false`);
    expect([refused.status, refused.body, refused.headers.get('www-authenticate')]).toEqual([
      401,
      { error: 'invalid credentials', message: 'Unauthorized' },
      'Basic realm="SFTPGo"',
    ]);
    expect((await call('GET', `/shares/${shutId}?compress=false`, { authorization: basic('anyone', 'share-pw') })).status).toBe(200);
    expect((await call('GET', '/shares/nope')).body).toEqual({ error: 'share does not exist', message: '' });
  });
});

describe('rate limiter', () => {
  it('answers 429 with Retry-After in whole seconds and X-Retry-In once the burst is spent', async () => {
    const limited = await startSftpgoServer({ rateLimit: { average: 1, periodMs: 1000, burst: 1 } });
    try {
      const first = await fetch(`${limited.url}/version`);
      const second = await fetch(`${limited.url}/version`);
      expect(first.status).toBe(401); // let through: no token
      expect(second.status).toBe(429);
      expect(second.headers.get('retry-after')).toBe('1');
      expect(second.headers.get('x-retry-in')).toMatch(/^1\.\d+s$/);
      expect(await second.json()).toMatchObject({ message: 'Too Many Requests' });
    } finally {
      await limited.close();
    }
  });
});
