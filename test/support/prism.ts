// Runs Stoplight Prism as a child process: a mock of openapi.yaml, or a
// validating proxy in front of a real (test) server.
//
// Findings that shape how tests use it (checked with Prism 5.14):
// - Prism routes on the spec's paths and ignores `servers` (/api/v2): the
//   client's base URL is Prism's root, e.g. http://127.0.0.1:PORT/token.
// - `prism proxy <spec> http://host:P/api/v2` forwards GET /token?x=1 to
//   http://host:P/api/v2/token?x=1: the upstream URL's path is a prefix joined
//   with the request path (with or without a trailing slash on the upstream).
//   The upstream's status, body and headers (including its `Date`) pass through.
// - With --errors, a response that violates the spec becomes a 500
//   `application/problem+json` (type .../errors#VIOLATIONS) with the violations
//   in an `sl-violations` header. An invalid request (e.g. an X-SFTPGO-OTP that
//   is not six digits) becomes a 422 (…#UNPROCESSABLE_ENTITY) that never reaches
//   upstream. A request that does not satisfy the operation's security (no
//   Authorization, a Basic header that is not base64 user:pass, an API key on
//   /logout) is answered 401 by Prism itself (…#UNAUTHORIZED), also without
//   reaching upstream.
// - Prism adds CORS headers to every response (Access-Control-Allow-Origin: * or
//   the request's Origin, Expose-Headers: *) and answers preflights with 204.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export type PrismOptions =
  | { spec: string; mode: 'mock' }
  | { spec: string; mode: 'proxy'; upstream: string; errors?: boolean };

export interface PrismHandle {
  /** Prism's root, e.g. http://127.0.0.1:PORT (no /api/v2: Prism ignores `servers`). */
  url: string;
  stop(): Promise<void>;
  /** The last lines Prism printed (stdout and stderr interleaved). */
  output(): string;
}

const PRISM_BIN = fileURLToPath(new URL('../../node_modules/.bin/prism', import.meta.url));
const READY = 'Prism is listening';
const START_TIMEOUT_MS = 30_000;
const KILL_GRACE_MS = 3_000;
const KEEP_LINES = 200;
const PORT_ATTEMPTS = 3;

export async function startPrism(opts: PrismOptions): Promise<PrismHandle> {
  // The port is free when probed but another process may take it before Prism
  // binds; retrying on EADDRINUSE covers that race.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await launch(opts, port);
    } catch (err) {
      if (attempt >= PORT_ATTEMPTS || !(err instanceof PortInUseError)) throw err;
    }
  }
}

class PortInUseError extends Error {}

function launch(opts: PrismOptions, port: number): Promise<PrismHandle> {
  const args =
    opts.mode === 'mock'
      ? ['mock', opts.spec]
      : ['proxy', opts.spec, opts.upstream, ...(opts.errors ? ['--errors'] : [])];
  args.push('-h', '127.0.0.1', '-p', String(port));

  // Run the script with this node directly so the PID we kill is Prism itself,
  // not a shell or shim in between.
  const child = spawn(process.execPath, [PRISM_BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  track(child);
  const lines = new OutputBuffer();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };

  return new Promise<PrismHandle>((resolve, reject) => {
    let settled = false;
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop().then(() => reject(err));
    };
    const timer = setTimeout(
      () => fail(new Error(`Prism did not start within ${START_TIMEOUT_MS} ms (${args.join(' ')}):\n${lines.text()}`)),
      START_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer): void => {
      lines.push(chunk.toString('utf8'));
      if (settled) return;
      const text = lines.text();
      if (text.includes(READY)) {
        settled = true;
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${port}`, stop, output: () => lines.text() });
      } else if (text.includes('EADDRINUSE')) {
        fail(new PortInUseError(`port ${port} in use:\n${text}`));
      }
    };
    // Drain both pipes for the child's whole life: a full pipe blocks Prism.
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (err) => fail(new Error(`cannot spawn Prism: ${err.message}`)));
    child.once('exit', (code, signal) =>
      fail(new Error(`Prism exited (code ${code}, signal ${signal}) before listening:\n${lines.text()}`)),
    );
  });
}

/** Keeps the last KEEP_LINES lines, ANSI colours stripped. */
class OutputBuffer {
  private lines: string[] = [];
  private partial = '';
  push(chunk: string): void {
    // eslint-disable-next-line no-control-regex
    const parts = (this.partial + chunk.replace(/\x1b\[[0-9;]*m/g, '')).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    if (this.lines.length > KEEP_LINES) this.lines.splice(0, this.lines.length - KEEP_LINES);
  }
  text(): string {
    return [...this.lines, this.partial].join('\n');
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

// Children still running when this process ends are killed, so no Prism is
// left orphaned by a crash, Ctrl-C or a killed test worker.
const live = new Set<ChildProcess>();
let hooked = false;

function track(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (hooked) return;
  hooked = true;
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = (): void => {
      killAll();
      // Others listening (vitest, for one) decide how to end; alone, we must
      // restore the default and end the way the signal asked.
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}

function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
}
