// Starts an installed `sftpgo` for the live suite: `serve` with a throwaway
// configuration in a temporary folder, on a free port of 127.0.0.1, with a
// default admin whose password is made up here; ready when /healthz answers.
// Stopped by close() (SIGTERM, then SIGKILL), and killed if this process ends
// first. Its log is kept in test-output/ for a failed run.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BareServer } from './live-target.js';
import { type ConfigOptions, sftpgoConfig } from './sftpgo-config.js';

const OUTPUT = fileURLToPath(new URL('../../test-output/', import.meta.url));
const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;

/** Where SFTPGo's templates are: SFTPGO_TEMPLATES, beside the binary, or where packages install them. */
function findTemplates(bin: string): string {
  const candidates = [process.env.SFTPGO_TEMPLATES, join(dirname(bin), 'templates'), '/usr/share/sftpgo/templates'];
  const found = candidates.find((dir) => dir && existsSync(join(dir, 'email')));
  if (!found) throw new Error(`cannot find SFTPGo's templates folder beside ${bin}: set SFTPGO_TEMPLATES to it`);
  return resolve(found);
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startBinaryServer(
  bin: string,
  options: Pick<ConfigOptions, 'rateLimited' | 'tokenLifetimeMinutes'>,
): Promise<BareServer> {
  const binary = resolve(bin);
  if (!existsSync(binary)) throw new Error(`SFTPGO_BIN: no file at ${bin}`);
  const templates = findTemplates(binary);
  const dir = await mkdtemp(join(tmpdir(), 'sftpgo-live-'));
  const admin = { username: 'admin', password: `Live-${randomBytes(12).toString('base64url')}` };
  const port = await freePort();
  const configFile = join(dir, 'sftpgo.json');
  const logFile = join(dir, 'sftpgo.log');
  await writeFile(configFile, JSON.stringify(sftpgoConfig({ dir, port, templates, ...options }), null, 2));

  // None of the caller's SFTPGO_* variables: SFTPGo reads them as settings.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SFTPGO_')));
  const child = spawn(binary, ['serve', '--config-dir', dir, '--config-file', configFile, '--log-file-path', logFile, '--log-level', 'debug'], {
    cwd: dir,
    env: { ...env, SFTPGO_DEFAULT_ADMIN_USERNAME: admin.username, SFTPGO_DEFAULT_ADMIN_PASSWORD: admin.password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-4_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const close = async () => {
    process.removeListener('exit', killOnExit);
    await stop(child, exited);
    await mkdir(OUTPUT, { recursive: true });
    await copyFile(logFile, join(OUTPUT, options.rateLimited ? 'sftpgo-rate-limited.log' : 'sftpgo.log')).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  };
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(origin, child);
  } catch (error) {
    const log = await readFile(logFile, 'utf8').catch(() => '');
    await close();
    throw new Error(`${(error as Error).message}\n${output}${log.split('\n').slice(-20).join('\n')}`);
  }
  return { directUrl: `${origin}/api/v2`, admin, close };
}

async function waitForHealth(origin: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`sftpgo exited (${child.exitCode ?? child.signalCode}) before listening`);
    const ok = await fetch(`${origin}/healthz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`sftpgo did not answer /healthz within ${READY_TIMEOUT_MS / 1000} s`);
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
