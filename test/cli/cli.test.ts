// sftpgo-token end to end: the command runs as a subprocess (node --import tsx
// src/cli/sftpgo-token.ts) against the Prism mock and against the stateful SFTPGo stand-in,
// which checks passwords and one-time codes and remembers revoked tokens. A few
// cases that need a terminal or only parse arguments run main() in-process.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSftpgoServer, totpCode, type SftpgoServer } from '../support/sftpgo-server.js';
import { fakeIo, runMain, sftpgoToken } from '../support/run-sftpgo-token.js';
import { ADMIN, OTHER, SECRETS, USER } from '../support/secrets.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const SECRET = SECRETS.totpSecret;
// The spec's example tokens, which the mock always answers.
const MOCK_ADMIN_TOKEN_END = '.ycEU4eqGELnk-i-lRLY58mmz3jAZWqKm3twGKLdF5tw';
const MOCK_USER_TOKEN_END = '.dWQ0CC34hPNq3xVNzfVIz6AVyKJkPWKERWrkH82PU9Y';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function bearer(url: string, token: string): Promise<{ status: number; body: { message?: string } }> {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as { message?: string } };
}

/** A six-digit code the server will refuse now: not the code of this step or either neighbour. */
function wrongCode(server: SftpgoServer): string {
  const near = [-30_000, 0, 30_000].map((skew) => totpCode(SECRET, server.now() + skew));
  return ['123456', '654321', '111111'].find((code) => !near.includes(code))!;
}

describe('sftpgo-token against the Prism mock', () => {
  const url = inject('prismUrl');

  it('get prints the admin token alone on stdout (password from SFTPGO_PASSWORD)', async () => {
    const run = await sftpgoToken(['get', '--url', url, '--username', 'admin'], { env: { SFTPGO_PASSWORD: ADMIN.password } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(run.stdout.trimEnd().endsWith(MOCK_ADMIN_TOKEN_END)).toBe(true);
  });

  it('get --user --json prints one line of JSON (server from SFTPGO_URL, password from stdin)', async () => {
    const run = await sftpgoToken(['get', '--user', '--json', '--password-stdin'], {
      env: { SFTPGO_URL: url, SFTPGO_USERNAME: 'alice' },
      input: `${USER.password}\n`,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toHaveLength(2); // one line, then the final newline
    const token = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(token).sort()).toEqual(['access_token', 'expires_at']);
    expect(String(token.access_token).endsWith(MOCK_USER_TOKEN_END)).toBe(true);
    expect(token.expires_at).toBe('2036-01-17T09:32:29Z');
  });
});

describe('sftpgo-token against a stateful SFTPGo stand-in', () => {
  let server: SftpgoServer;
  let adminToken = '';
  let userToken = '';

  beforeAll(async () => {
    server = await startSftpgoServer({
      admins: { admin: { password: ADMIN.password }, otpadmin: { password: OTHER.password, totpSecret: SECRET } },
      users: { alice: { password: USER.password } },
    });
  });
  afterAll(() => server?.close());

  it('get: an admin token the server accepts (password from SFTPGO_PASSWORD)', async () => {
    const run = await sftpgoToken(['get'], {
      env: { SFTPGO_URL: server.url, SFTPGO_USERNAME: 'admin', SFTPGO_PASSWORD: ADMIN.password },
    });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    adminToken = run.stdout.trim();
    expect((await bearer(`${server.url}/version`, adminToken)).status).toBe(200);
  });

  it('get --user --password-stdin --json: a user token the server accepts', async () => {
    const run = await sftpgoToken(['get', '--user', '--json', '--password-stdin', '--url', server.url, '--username', 'alice'], {
      input: `${USER.password}\n`,
    });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const token = JSON.parse(run.stdout) as { access_token: string; expires_at: string };
    expect(token.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    userToken = token.access_token;
    expect((await bearer(`${server.url}/user/profile`, userToken)).status).toBe(200);
  });

  it('logout --user refuses an admin token with 3 and names the cause; the token stays valid', async () => {
    // The library counts a 401 on logout as "already revoked"; the command looks closer.
    const run = await sftpgoToken(['logout', '--user', '--verbose'], { env: { SFTPGO_URL: server.url, SFTPGO_TOKEN: adminToken } });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('sftpgo-token: the server refused the token (HTTP 401)');
    expect(run.stderr).toContain('an admin token (drop --user)');
    expect(run.stderr).toContain('Your token audience is not valid'); // --verbose: the server's message
    expect(run.stderr).not.toContain(adminToken);
    expect((await bearer(`${server.url}/version`, adminToken)).status).toBe(200);
  });

  it('logout revokes the admin token read from stdin; the server then answers 401', async () => {
    const run = await sftpgoToken(['logout', '--url', server.url], { input: `  ${adminToken}  \nignored second line\n` });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('sftpgo-token: the admin token is revoked\n');
    expect(await bearer(`${server.url}/version`, adminToken)).toEqual({
      status: 401,
      body: { message: 'Your token is no longer valid' },
    });
  });

  it('logout --user revokes the user token from SFTPGO_TOKEN; a second logout of it exits 3', async () => {
    const env = { SFTPGO_URL: server.url, SFTPGO_TOKEN: userToken };
    const first = await sftpgoToken(['logout', '--user'], { env });
    expect(first).toMatchObject({ code: 0, stdout: '', stderr: 'sftpgo-token: the user token is revoked\n' });
    expect((await bearer(`${server.url}/user/profile`, userToken)).status).toBe(401);
    const again = await sftpgoToken(['logout', '--user'], { env });
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/^sftpgo-token: the server refused the token \(HTTP 401\): it was already revoked/);
  });

  it('a wrong password exits 3 with one line, and the password appears nowhere', async () => {
    const run = await sftpgoToken(['get', '--url', server.url, '--username', 'admin', '--verbose'], {
      env: { SFTPGO_PASSWORD: 'hunter2-wrong-pw' },
    });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toBe('sftpgo-token: the server rejected the admin username, password or one-time code (HTTP 401)');
    expect(run.stderr).toContain('SftpgoApiError: GET /token answered 401 (Unauthorized: invalid credentials)');
    expect(run.stderr).not.toMatch(/hunter2|\n\s+at /); // no secret, no stack trace
  });

  it('a one-time code from SFTPGO_TOTP_SECRET gets a token; a wrong --otp exits 3 and is not echoed', async () => {
    const env = { SFTPGO_URL: server.url, SFTPGO_USERNAME: 'otpadmin', SFTPGO_PASSWORD: OTHER.password };
    const good = await sftpgoToken(['get'], { env: { ...env, SFTPGO_TOTP_SECRET: SECRET } });
    expect(good).toMatchObject({ code: 0, stderr: '' });
    expect((await bearer(`${server.url}/version`, good.stdout.trim())).status).toBe(200);

    const code = wrongCode(server);
    const bad = await sftpgoToken(['get', '--otp', code, '--verbose'], { env });
    expect(bad.code).toBe(3);
    expect(bad.stdout + bad.stderr).not.toContain(code);
    expect(bad.stdout + bad.stderr).not.toContain(OTHER.password);
  });

  it('--password is a usage error (2) that says why and never echoes the value; nothing is sent', async () => {
    const before = server.requests.length;
    const run = await sftpgoToken(['get', '--url', server.url, '--username', 'admin', '--password', 'hunter2-secret']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^sftpgo-token: --password is not accepted: an argument is visible to other users/);
    expect(run.stderr).not.toContain('hunter2');
    expect(server.requests.length).toBe(before);
  });
});

describe('sftpgo-token, other exits', () => {
  it('a closed port exits 4', async () => {
    const port = await closedPort();
    const run = await sftpgoToken(['get', '--url', `http://127.0.0.1:${port}/api/v2`, '--username', 'admin'], {
      env: { SFTPGO_PASSWORD: 'x-pw' },
    });
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`sftpgo-token: cannot reach http://127.0.0.1:${port}/api/v2 (ECONNREFUSED)\n`);
  });

  it('no --url and no SFTPGO_URL exits 2', async () => {
    const run = await sftpgoToken(['get', '--username', 'admin'], { env: { SFTPGO_PASSWORD: 'x-pw' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('sftpgo-token: no server: give --url or set SFTPGO_URL');
  });

  it('--version prints the version from package.json', async () => {
    const run = await sftpgoToken(['--version']);
    expect(run).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });
});

describe('sftpgo-token main() in-process', () => {
  let server: SftpgoServer;
  beforeAll(async () => {
    server = await startSftpgoServer({ users: { alice: { password: USER.password } } });
  });
  afterAll(() => server?.close());

  it('asks for the password on a terminal, in raw mode, without echoing it', async () => {
    const fake = fakeIo({ SFTPGO_URL: server.url }, { tty: true });
    const { stdin, out } = fake;
    const done = runMain(['get', '--user', '--username', 'alice'], fake);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(out.stderr).toBe('Password for alice (user): ');
    stdin.write(USER.password.slice(0, -1));
    stdin.write(`q\u007f${USER.password.slice(-1)}\r`); // a typo, backspace, the last letter, Enter
    expect(await done).toBe(0);
    expect(out.stdout).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(out.stderr).toBe('Password for alice (user): \n');
    expect(stdin.rawModes).toEqual([true, false]);
  });

  it('Ctrl-C at the prompt exits 130 and restores the terminal', async () => {
    const fake = fakeIo({ SFTPGO_URL: server.url }, { tty: true });
    const { stdin, out } = fake;
    const done = runMain(['get', '--username', 'alice'], fake);
    stdin.write('abc\u0003');
    expect(await done).toBe(130);
    expect(out.stderr).toBe('Password for alice (admin): \nsftpgo-token: cancelled\n');
    expect(stdin.rawModes).toEqual([true, false]);
  });

  it.each([
    [['get', '--username', 'alice'], 'no password: set SFTPGO_PASSWORD, use --password-stdin'],
    [['get', '--password=hunter2-secret'], '--password is not accepted'],
    [['get'], 'no username: give --username or set SFTPGO_USERNAME'],
    [['logout', '--json'], '--json applies to get only'],
    [['get', 'hunter2-secret'], 'get takes no further arguments (1 given)'],
    [['hunter2-secret'], 'unknown command: expected get or logout'],
    [['--bogus=hunter2-secret', 'get'], "Unknown option '--bogus'"],
    [['get', '--username', 'a', '--otp', 'hunter2'], '--otp must be six digits'],
    [['logout'], 'no token: set SFTPGO_TOKEN or give the token on the first line of standard input'],
    [['get', '--username', 'a', '--url', 'http://u:hunter2-secret@example.com/api/v2'], '--url must not contain credentials'],
    [['get', '--username', 'a', '--url', 'http://example.com/api/v2'], 'pass --allow-insecure-http if you accept that'],
  ])('usage error %j exits 2: %s', async (argv, message) => {
    const env: Record<string, string> = { SFTPGO_URL: server.url };
    if (argv.includes('--url')) env.SFTPGO_PASSWORD = 'pw';
    const fake = fakeIo(env);
    const { out } = fake;
    expect(await runMain(argv, fake)).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr.split('\n')[0]).toContain(message);
    expect(out.stderr).toMatch(/^sftpgo-token: .*\nTry 'sftpgo-token --help'\.\n$/);
    expect(out.stderr).not.toContain('hunter2');
  });

  it('--help documents the commands, the password sources and every exit code', async () => {
    const fake = fakeIo();
    const { out } = fake;
    expect(await runMain(['--help'], fake)).toBe(0);
    for (const text of ['get', 'logout', '--user', '--json', '--password-stdin', '--otp', 'SFTPGO_TOTP_SECRET', 'SFTPGO_TOKEN', 'Exit codes']) {
      expect(out.stdout).toContain(text);
    }
    for (const code of ['0 ', '1 ', '2 ', '3 ', '4 ']) expect(out.stdout).toMatch(new RegExp(`^  ${code}`, 'm'));
  });
});
