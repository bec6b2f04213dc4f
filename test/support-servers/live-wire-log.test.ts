// The live suite's wire log holds every check to three rules; each must catch
// what it is for, or a live run would pass while breaking it: an answer Prism
// flags (a violation, or a status the spec does not declare), a token sent to
// the other realm, a token presented after its expiry. And binary operations
// bypass Prism, which would re-encode their bytes, and so do operations at
// their own server (`/healthz`), which the proxy would look for under /api/v2.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bypassedOperations, bypassProxy } from '../live/proxy-bypass.js';
import { createWire } from '../live/wire-log.js';
import { startFaultServer, type FaultServer } from '../support/fault-server.js';
import { listenLocal } from '../support/listen-local.js';
import { startPrism, type PrismHandle } from '../support/prism.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/sftpgo-like.yaml', import.meta.url));
const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
let fault: FaultServer;
let prism: PrismHandle;

beforeAll(async () => {
  fault = await startFaultServer();
  prism = await startPrism({ spec: FIXTURE, mode: 'proxy', upstream: fault.url, errors: true });
});
afterAll(async () => {
  await prism?.stop();
  await fault?.close();
});

describe('wire log rules', () => {
  it('flag an answer Prism says the spec does not describe, also when Prism passes it on', async () => {
    const wire = createWire(fault.url);
    fault.script('/shares/s1', [{ status: 404, body: { message: 'Not Found' } }]);
    const passedOn = await wire.fetch('raw')(new Request(`${prism.url}/shares/s1`, { headers: { authorization: 'Basic YTpi' } }));
    expect(passedOn.status).toBe(404);
    fault.script('/users', [{ status: 200, body: { users: 'not an array' } }]);
    await wire.fetch('client')(new Request(`${prism.url}/users`, { headers: { authorization: 'Bearer x.y.z' } }));
    const problems = wire.problems(0);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^Prism refused GET \/shares\/s1 \(404\): violations: .*Unable to match the returned status code/);
    expect(problems[1]).toMatch(/^Prism refused GET \/users \(500\): VIOLATIONS: /);
  });

  it('flag a token sent to the other realm and one presented after its expiry, by the server clock', async () => {
    const wire = createWire(fault.url);
    const now = Math.floor(Date.now() / 1000);
    const user = jwt({ exp: now + 600 });
    fault.script('/user/token', [{ status: 200, body: { access_token: user, expires_at: new Date((now + 600) * 1000).toISOString() } }]);
    await wire.fetch('client')(new Request(`${fault.url}/user/token`, { headers: { authorization: 'Basic YTpi' } }));
    fault.script('/users', [{ status: 200, body: [] }]);
    await wire.fetch('client')(new Request(`${fault.url}/users`, { headers: { authorization: `Bearer ${user}` } }));
    const expired = jwt({ exp: now - 5 });
    await wire.fetch('client')(new Request(`${fault.url}/users`, { headers: { authorization: `Bearer ${expired}` } }));
    // Sent on purpose by a check: not held to the client's rules.
    await wire.fetch('raw')(new Request(`${fault.url}/users`, { headers: { authorization: `Bearer ${expired}` } }));
    expect(wire.problems(0)).toEqual([
      'a user token went to GET /users',
      expect.stringMatching(/^GET \/users presented a token \d+ s after its expiry \(server clock\)$/),
    ]);
  });
});

describe('binary operations', () => {
  it('go straight to the server, a download twinned through Prism for its status and headers', async () => {
    const bypassOf = bypassedOperations(FIXTURE);
    expect(['GET /shares/abc', 'GET /user/files', 'GET /healthz', 'GET /users', 'PUT /user/profile'].map((op) => bypassOf(...(op.split(' ') as [string, string])))).toEqual([
      'binary',
      'binary',
      'own-server',
      undefined,
      undefined,
    ]);
    fault.script('/shares/s2', [{ status: 200, body: 'bytes', headers: { 'content-type': 'application/octet-stream' } }]);
    const wire = createWire(fault.url);
    const send = bypassProxy({ proxyUrl: prism.url, directUrl: fault.url, bypassOf, send: wire.fetch('client'), twin: wire.fetch('twin') });
    const before = fault.hits('/shares/s2');
    const response = await send(new Request(`${prism.url}/shares/s2`, { headers: { authorization: 'Basic YTpi' } }));
    expect(response.status).toBe(200);
    expect(fault.hits('/shares/s2') - before).toBe(2);
    expect(wire.entries.map((e) => [e.source, e.path, e.direct ?? false])).toEqual([
      ['twin', '/shares/s2', false],
      ['client', '/shares/s2', true],
    ]);
    expect([wire.problems(0), wire.gaps(0)]).toEqual([[], []]);
  });

  it("a twin Prism refuses for want of credentials the server did not ask for is the spec's gap, not a failure", async () => {
    const bypassOf = bypassedOperations(FIXTURE);
    fault.script('/shares/s3', [{ status: 200, body: 'bytes', headers: { 'content-type': 'application/octet-stream' } }]);
    const wire = createWire(fault.url);
    const send = bypassProxy({ proxyUrl: prism.url, directUrl: fault.url, bypassOf, send: wire.fetch('client'), twin: wire.fetch('twin') });
    expect((await send(new Request(`${prism.url}/shares/s3`))).status).toBe(200);
    expect(wire.problems(0)).toEqual([]);
    expect(wire.gaps(0)).toEqual(["the spec's security makes Prism refuse GET /shares/s3 without credentials, which the server served"]);
  });
});

describe('operations at their own server', () => {
  it('go to the server origin, not under the API root the proxy forwards to', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    const origin = await listenLocal(server);
    try {
      const wire = createWire(`${origin}/api/v2`);
      const bypassOf = bypassedOperations(FIXTURE);
      const send = bypassProxy({ proxyUrl: prism.url, directUrl: `${origin}/api/v2`, bypassOf, send: wire.fetch('client'), twin: wire.fetch('twin') });
      expect((await send(new Request(`${prism.url}/healthz`))).status).toBe(200);
      expect(seen).toEqual(['/healthz']);
      expect(wire.entries.map((e) => [e.path, e.direct])).toEqual([['/healthz', true]]);
    } finally {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  });
});
