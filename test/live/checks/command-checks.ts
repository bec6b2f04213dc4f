// Live checks of the two programs a user runs against their server:
// `sftpgo-token get`, `get --user --json` and `logout`, and `npm start`
// (scripts/demo.ts) with SFTPGO_URL. Each runs as a subprocess with only the
// environment given here; sftpgo-token through the validating proxy, the demo
// straight to the server (its file step moves 8 MiB, which Prism would re-encode).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensure, ensureEqual, ensureNoSecret, type LiveCheck } from '../live-check.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(script: string, args: string[], env: Record<string, string>, input = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? ROOT, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdin.on('error', () => {});
    child.stdin.end(input);
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const describeRun = (r: Run) => `exit ${r.code}; stderr: ${r.stderr.trim().split('\n').at(-1) ?? ''}`;

const sftpgoToken: LiveCheck = {
  name: 'sftpgo-token',
  title: 'sftpgo-token get, get --user --json and logout work against the server',
  async run(ctx) {
    const { admin, user } = ctx.accounts;
    const cli = 'src/cli/sftpgo-token.ts';
    const url = { SFTPGO_URL: ctx.target.apiUrl };
    const get = await run(cli, ['get'], { ...url, SFTPGO_USERNAME: admin.username, SFTPGO_PASSWORD: admin.password });
    ensureEqual(get.code, 0, `sftpgo-token get (${describeRun(get)})`);
    const adminToken = get.stdout.trim();
    ensure(/^[\w-]+\.[\w-]+\.[\w-]+$/.test(adminToken) && get.stdout.endsWith('\n'), 'get printed something other than one token line');

    const json = await run(cli, ['get', '--user', '--json'], { ...url, SFTPGO_USERNAME: user.username, SFTPGO_PASSWORD: user.password });
    ensureEqual(json.code, 0, `sftpgo-token get --user --json (${describeRun(json)})`);
    const parsed = JSON.parse(json.stdout) as { access_token?: string; expires_at?: string };
    ensureEqual(Object.keys(parsed), ['access_token', 'expires_at'], 'fields of get --user --json');
    ensureEqual((await ctx.raw('/user/profile', { headers: { authorization: `Bearer ${parsed.access_token}` } })).status, 200, 'the user token on /user/profile');

    for (const [realm, token, probe, args] of [
      ['admin', adminToken, '/version', ['logout']],
      ['user', parsed.access_token!, '/user/profile', ['logout', '--user']],
    ] as const) {
      const out = await run(cli, [...args], url, `${token}\n`);
      ensureEqual(out.code, 0, `sftpgo-token ${args.join(' ')} (${describeRun(out)})`);
      const after = await ctx.raw(probe, { headers: { authorization: `Bearer ${token}` } });
      ensureEqual(after.status, 401, `the ${realm} token on ${probe} after logout`);
    }
    for (const r of [get, json]) ensureNoSecret(r.stdout + r.stderr, [admin.password, user.password], 'sftpgo-token output');
  },
};

const demo: LiveCheck = {
  name: 'npm-start',
  title: 'npm start (scripts/demo.ts) with SFTPGO_URL runs its whole flow against the server',
  async run(ctx) {
    const { admin, user } = ctx.accounts;
    const result = await run('scripts/demo.ts', [], {
      SFTPGO_URL: ctx.target.directUrl,
      SFTPGO_USERNAME: admin.username,
      SFTPGO_PASSWORD: admin.password,
      SFTPGO_USER_USERNAME: user.username,
      SFTPGO_USER_PASSWORD: user.password,
    });
    ensureEqual(result.code, 0, `npm start (${describeRun(result)})`);
    ensure(/Done: \d+ steps\.\n$/.test(result.stdout), 'the demo did not finish');
    ensure(!/skipped/.test(result.stdout), `the demo skipped a step: ${result.stdout.split('\n').find((l) => l.includes('skipped'))?.trim()}`);
    ensure(/sha-256 identical/.test(result.stdout), 'the demo did not move its file intact');
    ensureNoSecret(result.stdout + result.stderr, [admin.password, user.password], 'the demo output');
    ctx.note(result.stdout.split('\n').find((l) => l.startsWith('   version '))?.trim() ?? '');
  },
};

export const commandChecks = [sftpgoToken, demo];
