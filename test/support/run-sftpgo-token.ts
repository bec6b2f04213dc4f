/**
 * Runs `sftpgo-token` for test/cli/cli.test.ts: as a subprocess, or its main() in
 * this process with fake streams. Either way, what it printed goes to the
 * secret recorder, as the command's output (issue 14).
 */
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/sftpgo-token.js';
import { recordCommandOutput } from './secret-recorder.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the command with only the environment given (none of the developer's
 * SFTPGO_* variables leak in). Standard input is a pipe, written and closed:
 * never a terminal, so nothing waits for a prompt.
 */
export function sftpgoToken(args: string[], opts: { env?: Record<string, string>; input?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/sftpgo-token.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? ROOT, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 15_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdin.on('error', () => {}); // the command may exit before reading it all
    child.stdin.end(opts.input ?? '');
    child.once('error', reject);
    child.once('close', (code) => {
      recordCommandOutput(args, stdout, stderr);
      resolve({ code, stdout, stderr });
    });
  });
}

/** main() with fake streams, its output recorded for the secret check like a subprocess's. */
export async function runMain(argv: string[], fake: ReturnType<typeof fakeIo>): Promise<number> {
  try {
    return await main(argv, fake.io);
  } finally {
    recordCommandOutput(argv, fake.out.stdout, fake.out.stderr);
  }
}

/** main() with fake streams; `tty` makes stdin a terminal that records raw mode. */
export function fakeIo(env: Record<string, string> = {}, opts: { tty?: boolean; input?: string } = {}) {
  const stdin = Object.assign(new PassThrough(), {
    isTTY: opts.tty ?? false,
    isRaw: false,
    rawModes: [] as boolean[],
    setRawMode(mode: boolean) {
      this.isRaw = mode;
      this.rawModes.push(mode);
      return this;
    },
  });
  if (!opts.tty) stdin.end(opts.input ?? '');
  const out = { stdout: '', stderr: '' };
  return {
    io: {
      env,
      stdin,
      stdout: { write: (chunk: string) => (out.stdout += chunk) },
      stderr: { write: (chunk: string) => (out.stderr += chunk) },
    },
    stdin,
    out,
  };
}

