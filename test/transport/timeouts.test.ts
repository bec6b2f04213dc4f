/**
 * Issue 4, time: `timeoutMs` bounds each attempt from that attempt's start, a
 * caller's signal aborts at once (before, during and between attempts, and
 * while the body is read), and both combine. Time is asserted only as "settled
 * well before the slow answer would have come".
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSftpgoClient, SftpgoError, SftpgoTimeoutError, type SftpgoClientOptions } from '../../src/index.js';
import { startFaultServer, type FaultServer, type FaultStep } from '../support/fault-server.js';
import { ADMIN, issuedToken, SECRETS } from '../support/secrets.js';

const admin = ADMIN;
const fast = { baseDelayMs: 1, maxDelayMs: 5 };
const version: FaultStep = { status: 200, body: { version: '2.7.5' } };
const goodToken: FaultStep = {
  status: 200,
  body: { access_token: issuedToken('timeouts'), expires_at: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z') },
};
const SLOW_MS = 5_000;
const SETTLED_MS = 2_000;

let fault: FaultServer;
beforeEach(async () => {
  fault = await startFaultServer();
});
afterEach(() => fault.close());

function bearerClient(extra: Partial<SftpgoClientOptions> = {}) {
  return createSftpgoClient({ baseUrl: fault.url, accessToken: SECRETS.accessToken, retry: fast, ...extra });
}

/** Settles `promise`, returning its rejection (or a marker) and how long it took. */
async function timed(promise: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await promise.then(() => 'resolved', (e: unknown) => e);
  return { error, ms: performance.now() - started };
}

describe('timeoutMs', () => {
  it('an answer slower than the timeout is SftpgoTimeoutError, and is not retried', async () => {
    fault.script('/version', [{ delayMs: SLOW_MS, then: version }]);
    const { error, ms } = await timed(bearerClient({ timeoutMs: 200 }).GET('/version'));
    expect(error).toBeInstanceOf(SftpgoTimeoutError);
    expect(error).toBeInstanceOf(SftpgoError);
    expect(error).toMatchObject({ name: 'SftpgoTimeoutError', timeoutMs: 200, method: 'GET', path: '/version' });
    expect(String(error)).toBe('SftpgoTimeoutError: sftpgo-client: GET /version timed out after 200 ms');
    expect(ms).toBeLessThan(SETTLED_MS);
    expect(fault.hits('/version')).toBe(1);
  });

  it('a slow token answer: SftpgoTimeoutError, nothing cached, the next call asks again', async () => {
    fault.script('/token', [{ delayMs: SLOW_MS, then: goodToken }, goodToken]);
    fault.script('/version', [version]);
    const client = createSftpgoClient({ baseUrl: fault.url, admin, retry: fast, timeoutMs: 200 });
    await expect(client.GET('/version')).rejects.toMatchObject({ name: 'SftpgoTimeoutError', path: '/token' });
    expect(client.tokenInfo('admin')).toBeUndefined();
    await expect(client.GET('/version')).resolves.toMatchObject({ data: { version: '2.7.5' } });
    expect(fault.hits('/token')).toBe(2);
  });

  it('counts from each attempt’s start: three slow steps in a row each fit', async () => {
    // Token request, a 503 and the retry each take ~350 ms: together far more
    // than timeoutMs, each well under it.
    const slow = (step: FaultStep): FaultStep => ({ delayMs: 350, then: step });
    fault.script('/token', [slow(goodToken)]);
    fault.script('/version', [slow({ status: 503, body: { message: 'busy' } }), slow(version)]);
    const client = createSftpgoClient({ baseUrl: fault.url, admin, retry: fast, timeoutMs: 700 });
    await new Promise((resolve) => setTimeout(resolve, 750)); // not from the client's creation either
    await expect(client.GET('/version')).resolves.toMatchObject({ data: { version: '2.7.5' } });
    expect([fault.hits('/token'), fault.hits('/version')]).toEqual([1, 2]);
  });

  it('still fires after a garbage collection mid-attempt', async () => {
    // Node 20's fetch follows a Request's signal through a WeakRef: a Request
    // that nothing holds loses its abort link when collected.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    fault.script('/version', [{ delayMs: SLOW_MS, then: version }]);
    const call = timed(bearerClient({ timeoutMs: 300 }).GET('/version'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    gc();
    const { error, ms } = await call;
    expect(error).toBeInstanceOf(SftpgoTimeoutError);
    expect(ms).toBeLessThan(SETTLED_MS);
  });

  it('bounds a body that stops coming, as well as the headers', async () => {
    const stall = await stallingServer();
    try {
      const client = createSftpgoClient({ baseUrl: stall.url, accessToken: SECRETS.accessToken, timeoutMs: 300 });
      const { error, ms } = await timed(client.GET('/version'));
      expect(error).toBeInstanceOf(SftpgoTimeoutError);
      expect(ms).toBeLessThan(SETTLED_MS);
    } finally {
      await stall.close();
    }
  });
});

describe('the caller’s signal', () => {
  it('aborts a slow attempt at once, with the signal’s reason', async () => {
    fault.script('/version', [{ delayMs: SLOW_MS, then: version }]);
    const controller = new AbortController();
    const call = bearerClient({ timeoutMs: 10_000 }).GET('/version', { signal: controller.signal });
    // Aborted once the server holds the request (not after a fixed delay, which a loaded machine may outrun).
    while (fault.hits('/version') < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const { error, ms } = await timed(call);
    expect(error).toBe(controller.signal.reason);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(ms).toBeLessThan(SETTLED_MS);
    expect(fault.hits('/version')).toBe(1);
  });

  it('an already aborted signal sends nothing', async () => {
    fault.script('/version', [version]);
    const reason = new Error('caller gave up');
    await expect(bearerClient().GET('/version', { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(fault.hits('/version')).toBe(0);
  });

  it('combines with timeoutMs: whichever comes first wins', async () => {
    fault.script('/version', [{ delayMs: SLOW_MS, then: version }]);
    const client = bearerClient({ timeoutMs: 200 });
    // A caller's deadline later than timeoutMs: the timeout.
    const late = await timed(client.GET('/version', { signal: AbortSignal.timeout(4_000) }));
    expect(late.error).toBeInstanceOf(SftpgoTimeoutError);
    // A caller's deadline sooner: the caller's reason, not ours.
    const soon = await timed(bearerClient({ timeoutMs: 4_000 }).GET('/version', { signal: AbortSignal.timeout(100) }));
    expect(soon.error).toMatchObject({ name: 'TimeoutError' });
    expect(soon.error).not.toBeInstanceOf(SftpgoError);
    expect(late.ms + soon.ms).toBeLessThan(2 * SETTLED_MS);
    expect(fault.hits('/version')).toBe(2);
  });

  it('cuts short a Retry-After wait, with no further attempt', async () => {
    fault.script('/version', [{ status: 503, body: { message: 'busy' }, headers: { 'Retry-After': '1' } }, version]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { error, ms } = await timed(bearerClient().GET('/version', { signal: controller.signal }));
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(ms).toBeLessThan(900);
    expect(fault.hits('/version')).toBe(1);
  });

  // The call leaves; the shared token request goes on for other waiters.
  it('aborts a call that is waiting for its token', async () => {
    fault.script('/token', [{ delayMs: 1_200, then: { status: 500, body: { message: 'slow' } } }]);
    const client = createSftpgoClient({ baseUrl: fault.url, admin, retry: false });
    const { error, ms } = await timed(client.GET('/version', { signal: AbortSignal.timeout(50) }));
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(ms).toBeLessThan(600);
  });

  it('aborts while the body is being read', async () => {
    const stall = await stallingServer();
    try {
      const client = createSftpgoClient({ baseUrl: stall.url, accessToken: SECRETS.accessToken, timeoutMs: 10_000 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      const { error, ms } = await timed(client.GET('/version', { signal: controller.signal }));
      expect(error).toBe(controller.signal.reason);
      expect(ms).toBeLessThan(SETTLED_MS);
    } finally {
      await stall.close();
    }
  });
});

/**
 * Sends the headers and the start of a JSON body at once, then nothing more:
 * the one fault the fault server does not script (its delays come before the headers).
 */
async function stallingServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '64' });
    res.write('{"version":');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v2`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
