// Self-tests of the servers that fail on purpose: the fault server does what
// it is scripted to do, and so does the in-memory one of the property tests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../support/fault-server.js';
import { scriptedFetch } from '../support/scripted-fetch.js';

describe('fault server', () => {
  let f: FaultServer;
  beforeAll(async () => {
    f = await startFaultServer();
  });
  afterAll(() => f.close());

  it('plays steps in order, repeats the last, and records headers', async () => {
    f.script('/token', [{ status: 503, body: { message: 'Service Unavailable' } }, { status: 200, body: 'plain', headers: { 'X-Test': '1' } }]);
    const r1 = await fetch(`${f.url}/token`, { headers: { Authorization: 'Basic first' } });
    expect([r1.status, await r1.json()]).toEqual([503, { message: 'Service Unavailable' }]);
    for (let i = 0; i < 2; i++) {
      const r = await fetch(`${f.url}/token`, { headers: { Authorization: `Basic again${i}` } });
      expect([r.status, await r.text(), r.headers.get('x-test')]).toEqual([200, 'plain', '1']);
    }
    expect(f.hits('/token')).toBe(3);
    expect(f.lastHeaders('/token')?.authorization).toBe('Basic again1');
    expect(f.allHeaders('/token').map((h) => h.authorization)).toEqual(['Basic first', 'Basic again0', 'Basic again1']);
    expect((await fetch(`${f.url}/unscripted`)).status).toBe(404);
  });

  it('resets connections before and after headers', async () => {
    f.script('/before', [{ resetBeforeHeaders: true }]);
    await expect(fetch(`${f.url}/before`)).rejects.toThrow();
    f.script('/after', [{ resetAfterHeaders: true }]);
    const res = await fetch(`${f.url}/after`);
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it('delays and redirects', async () => {
    f.script('/slow', [{ delayMs: 150, then: { redirectTo: '/api/v2/elsewhere', status: 307 } }]);
    const started = Date.now();
    const res = await fetch(`${f.url}/slow`, { redirect: 'manual' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect([res.status, res.headers.get('location')]).toEqual([307, '/api/v2/elsewhere']);
  });

  it('close() ends pending delayed responses at once', async () => {
    const g = await startFaultServer({ basePath: '' });
    g.script('/hang', [{ delayMs: 60_000, then: { status: 200 } }]);
    const pending = fetch(`${g.url}/hang`);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await g.close();
    await expect(pending).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('scripted fetch, the property tests\' server in memory', () => {
  it('answers each request from its script, and keeps what was sent', async () => {
    const server = scriptedFetch((sent, n) => ({ status: 200 + n, body: `${sent.method} ${sent.path}`, headers: { 'x-n': String(n) } }));
    const first = await server.fetch(new Request('http://127.0.0.1:9/api/v2/token', { headers: { authorization: 'Basic x' } }));
    expect([first.status, await first.text(), first.headers.get('x-n')]).toEqual([200, 'GET /api/v2/token', '0']);
    const second = await server.fetch(new Request('http://127.0.0.1:9/api/v2/version', { method: 'POST', body: 'b' }));
    expect(second.status).toBe(201);
    expect(server.sent.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
      ['GET', '/api/v2/token', 'Basic x'],
      ['POST', '/api/v2/version', undefined],
    ]);
  });

  it('cuts a body off after some bytes, and resets or refuses as undici does', async () => {
    const server = scriptedFetch((sent) =>
      sent.path === '/cut' ? { status: 200, body: '{"access_token":"abc"}', cutAfter: 5 } : { network: sent.path === '/reset' ? 'reset' : 'refused' },
    );
    const cut = await server.fetch(new Request('http://127.0.0.1:9/cut'));
    await expect(cut.text()).rejects.toThrow(TypeError);
    for (const [path, code] of [['/reset', 'ECONNRESET'], ['/refused', 'ECONNREFUSED']]) {
      const error = await server.fetch(new Request(`http://127.0.0.1:9${path}`)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as { cause?: { code?: string } }).cause?.code).toBe(code);
    }
  });
});
