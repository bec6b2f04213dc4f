// `npm start` (scripts/demo.ts) as a user runs it: against its own Prism mock,
// and against a server given in SFTPGO_URL (here the stateful SFTPGo stand-in).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSftpgoServer, type SftpgoServer } from '../support/sftpgo-server.js';
import { recordText } from '../support/secret-recorder.js';
import { ADMIN, SECRETS, USER } from '../support/secrets.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SECRET = SECRETS.totpSecret;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm start` without npm in between: the same `tsx scripts/demo.ts`, with only the environment given. */
function demo(env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? ROOT, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => {
      recordText('demo stdout', stdout);
      recordText('demo stderr', stderr);
      resolve({ code, stdout, stderr });
    });
  });
}

const STEPS = [
  /^Step 1\. Admin token: /m,
  /^Step 2\. User token: /m,
  /^Step 3\. Bearer call \(admin\): /m,
  /^Step 4\. Bearer call \(user\): /m,
  /^Step 5\. A file up and down, with progress: /m,
  /^Step 6\. Token info: /m,
  /^Step 7\. Logout \(admin\): /m,
  /^Step 8\. User logout: /m,
];

describe('npm start (scripts/demo.ts)', () => {
  it('runs the whole flow against its own Prism mock, names every step, exits 0', { timeout: 60_000 }, async () => {
    const run = await demo();
    expect(run.stderr).toBe('Starting a Prism mock of openapi.yaml…\n'); // not a terminal: one plain line
    expect(run.code).toBe(0);
    for (const step of STEPS) expect(run.stdout).toMatch(step);
    expect(run.stdout).toContain('accepts any username and password');
    expect(run.stdout).toMatch(/access_token eyJhbGciOi…5tw/);
    expect(run.stdout).toContain('→ GET /version   Authorization: Bearer eyJhbGciOi…5tw');
    expect(run.stdout).toContain('version 2.7.5');
    // The file step: progress as periodic lines (stdout is not a terminal), the bytes back intact.
    expect(run.stdout).toMatch(/^ {3}upload {3}0% 0\.0\/8\.0 MiB\n(.*\n)*? {3}upload {3}100% 8\.0\/8\.0 MiB$/m);
    expect(run.stdout.match(/^ {3}download \d+% [\d.]+\/8\.0 MiB$/gm)?.length).toBeGreaterThanOrEqual(3);
    expect(run.stdout).toMatch(/^ {3}download 100% 8\.0\/8\.0 MiB$/m);
    expect(run.stdout).toContain('8388608 bytes back, sha-256 identical');
    expect(run.stdout).toContain('Your token has been invalidated');
    expect(run.stdout).toMatch(/Done: 8 steps\.\nMock stopped\.\n$/);
    // Neither a whole token nor a Basic header (base64 of admin:password) is printed.
    expect(run.stdout).not.toMatch(/eyJ[\w-]{20,}\.[\w-]+\.[\w-]+/);
    expect(run.stdout).not.toContain(Buffer.from('admin:password').toString('base64'));
  });

  describe('against SFTPGO_URL', () => {
    let server: SftpgoServer;
    beforeAll(async () => {
      server = await startSftpgoServer({
        // Two admins: a code is accepted once per account, and each run starts from the current one.
        admins: { otpadmin: { password: ADMIN.password, totpSecret: SECRET }, admin: { password: ADMIN.password } },
        users: { alice: { password: USER.password } },
      });
    });
    afterAll(() => server?.close());

    it('runs every step with two-factor codes from SFTPGO_TOTP_SECRET and revokes every token it got', async () => {
      const run = await demo({
        SFTPGO_URL: server.url,
        SFTPGO_USERNAME: 'otpadmin',
        SFTPGO_PASSWORD: ADMIN.password,
        SFTPGO_TOTP_SECRET: SECRET,
        SFTPGO_USER_USERNAME: 'alice',
        SFTPGO_USER_PASSWORD: USER.password,
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      for (const step of STEPS) expect(run.stdout).toMatch(step);
      expect(run.stdout).toContain('X-SFTPGO-OTP: ●●●●●● (one-time code, hidden)');
      expect(run.stdout).not.toContain(ADMIN.password);
      expect(run.stdout).not.toContain(USER.password);
      expect(run.stdout).not.toContain('Mock');
      const counts = server.counts();
      // Two tokens per realm (the explicit one and the client's own), each revoked.
      expect(counts).toMatchObject({ 'GET /token': 2, 'GET /user/token': 2, 'GET /logout': 2, 'GET /user/logout': 2 });
      expect(server.requests.filter((r) => r.path.endsWith('logout')).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    });

    it('skips the user steps without user credentials, and fails with a clear line on a wrong password', async () => {
      const env = { SFTPGO_URL: server.url, SFTPGO_USERNAME: 'admin' };
      const [adminOnly, wrong] = await Promise.all([
        demo({ ...env, SFTPGO_PASSWORD: ADMIN.password }),
        demo({ ...env, SFTPGO_PASSWORD: 'hunter2-wrong' }),
      ]);
      expect(adminOnly.code).toBe(0);
      expect(adminOnly.stdout).toMatch(/^Step 2\. User token: .*\n {3}skipped: /m);
      expect(adminOnly.stdout).toMatch(/^Step 8\. User logout: .*\n {3}skipped: /m);
      expect(adminOnly.stdout).toMatch(/^Step 7\. Logout \(admin\): .*\n(.*\n)*? {3}server: Your token has been invalidated/m);

      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toBe(
        'demo: failed at step 1 (Admin token): sftpgo-client: GET /token answered 401 (Unauthorized: invalid credentials)\n',
      );
      expect(wrong.stdout + wrong.stderr).not.toContain('hunter2');
    });
  });
});
