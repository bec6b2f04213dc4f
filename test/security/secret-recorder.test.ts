/**
 * Issue 14: the suite-wide secret recorder can fail. Its check flags each
 * secret out of place and lets each one through where its operation takes it;
 * and a whole run with a leak in it fails, naming the secret and the place.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findSecretLeaks, type RecordedItem } from '../support/find-secret-leaks.js';
import { CONFIGURED_SECRETS, SECRETS, ADMIN, issuedToken } from '../support/secrets.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const basic = (username: string, password: string) => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
const request = (url: string, headers: Record<string, string> = {}, body?: string): RecordedItem => ({
  t: 'request',
  where: 'fetch',
  method: 'GET',
  url: `http://127.0.0.1:9${url}`,
  headers,
  ...(body === undefined ? {} : { body }),
});
const text = (source: string, value: string): RecordedItem => ({ t: 'text', source, text: value });
const leaksIn = (item: RecordedItem) => findSecretLeaks([item], CONFIGURED_SECRETS).map((leak) => [leak.secret, leak.where]);

describe('the check flags a secret out of place', () => {
  it.each<[string, RecordedItem, string, RegExp]>([
    ['a password in a query string', request(`/api/v2/version?pw=${encodeURIComponent(SECRETS.adminPassword)}`), 'adminPassword', /\(URL/],
    ['a password in Basic to an operation that issues no token', request('/api/v2/version', { authorization: basic('admin', ADMIN.password) }), 'adminPassword', /Basic decoded/],
    ['a password in a body', request('/api/v2/user/profile', {}, JSON.stringify({ password: SECRETS.userPassword })), 'userPassword', /\(body\)/],
    ['a token sent to a token operation', request('/api/v2/token', { authorization: `Bearer ${SECRETS.accessToken}` }), 'accessToken', /GET \/api\/v2\/token \(header authorization\)/],
    ['a token in another header', request('/api/v2/version', { 'x-debug': SECRETS.accessToken }), 'accessToken', /header x-debug/],
    ['an API key sent to a logout', request('/api/v2/logout', { 'x-sftpgo-api-key': SECRETS.apiKey }), 'apiKey', /logout \(header x-sftpgo-api-key\)/],
    ['an API key sent to a token operation', request('/api/v2/user/token', { 'x-sftpgo-api-key': SECRETS.userApiKey }), 'userApiKey', /token \(header/],
    ['a one-time code sent to a bearer operation', request('/api/v2/version', { 'x-sftpgo-otp': SECRETS.otp }), 'otp', /header x-sftpgo-otp/],
    ['a TOTP secret in any header', request('/api/v2/token', { 'x-sftpgo-otp': SECRETS.totpSecret }), 'totpSecret', /header x-sftpgo-otp/],
    ['a token in an error message', text('error', `SftpgoNetworkError: sftpgo-client: GET /version failed: ${SECRETS.accessToken}`), 'accessToken', /^error$/],
    ['8 characters of a token in a stack', text('error', `Unexpected token in "${SECRETS.accessToken.slice(9, 17)}" at JSON.parse`), 'accessToken', /^error$/],
    ['a scripted token in an event', text('event', JSON.stringify({ type: 'token-obtained', note: issuedToken(3) })), 'the mark of scripted tokens', /^event$/],
    ['a token on the standard error of the command', text('cli-stderr', SECRETS.accessToken), 'accessToken', /^cli-stderr$/],
    ['a token on the standard output of logout', text('cli-stdout:logout', SECRETS.accessToken), 'accessToken', /^cli-stdout:logout$/],
  ])('%s', (_, item, secret, where) => {
    const found = leaksIn(item);
    expect(found.map(([name]) => name)).toContain(secret);
    expect(found.find(([name]) => name === secret)![1]).toMatch(where);
  });

  it('a secret registered at run time (a token a test server issued) is looked for too', () => {
    const issued: RecordedItem = { t: 'secret', secret: { name: 'a token the SFTPGo stand-in issued', kind: 'token', value: 'sig-Rn4qWz81Lx' } };
    expect(findSecretLeaks([issued, text('error', 'bad signature sig-Rn4qWz81Lx')], CONFIGURED_SECRETS)).toHaveLength(1);
    expect(findSecretLeaks([text('error', 'bad signature sig-Rn4qWz81Lx')], CONFIGURED_SECRETS)).toHaveLength(0);
  });
});

describe('the check lets a secret through where its operation takes it', () => {
  it.each<[string, RecordedItem]>([
    ['a password in Basic to the admin token operation', request('/api/v2/token', { authorization: basic('admin', ADMIN.password) })],
    ['a password in Basic to the user token operation, at Prism\'s root', request('/user/token', { authorization: basic('alice', SECRETS.userPassword) })],
    ['a one-time code to a token operation', request('/api/v2/token', { 'x-sftpgo-otp': SECRETS.otp })],
    ['a token as the bearer of a bearer operation', request('/api/v2/user/profile', { authorization: `Bearer ${SECRETS.accessToken}` })],
    ['a token as the bearer of a logout', request('/api/v2/logout', { authorization: `Bearer ${issuedToken('admin')}` })],
    ['an API key to a bearer operation', request('/api/v2/version', { 'x-sftpgo-api-key': SECRETS.apiKey })],
    ['a token on the standard output of get', text('cli-stdout:get', `${SECRETS.accessToken}\n`)],
    ['an error that names no secret', text('error', 'SftpgoApiError: sftpgo-client: GET /token answered 401 (Unauthorized: invalid credentials)')],
  ])('%s', (_, item) => {
    expect(leaksIn(item)).toEqual([]);
  });
});

/** Runs the fixture run (test/fixtures/secret-recorder/) with its records in a folder of its own. */
async function fixtureRun(leak: boolean): Promise<{ code: number | null; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'secret-recorder-'));
  try {
    return await new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'test/fixtures/secret-recorder/vitest.config.ts'],
        { cwd: ROOT, env: { ...process.env, CI: 'true', SECRET_RECORDER_DIR: dir, LEAK: leak ? 'yes' : 'none' }, timeout: 60_000 },
      );
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, output }));
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('a whole run', () => {
  it('fails when a test leaks, naming each secret and where it was, though every test passed', { timeout: 60_000 }, async () => {
    const { code, output } = await fixtureRun(true);
    expect(output).toMatch(/1 passed/);
    expect(code).toBe(1);
    expect(output).toMatch(/secret recorder: .*: \d+ out of place/);
    expect(output).toMatch(/accessToken \(token\) in fetch: GET \/api\/v2\/version \(URL\)/);
    expect(output).toMatch(/adminPassword \(password\) in error/);
  });

  it('passes when the same test leaks nothing', { timeout: 60_000 }, async () => {
    const { code, output } = await fixtureRun(false);
    expect(output).toMatch(/secret recorder: .*: none out of place/);
    expect(code).toBe(0);
  });
});
