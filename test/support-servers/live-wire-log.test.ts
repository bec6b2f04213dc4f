// The live suite's wire log holds every check to three rules; each must catch
// what it is for, or a live run would pass while breaking it: an answer Prism
// flags (a violation, or a status the spec does not declare), a token sent to
// the other realm, a token presented after its expiry. And binary operations
// bypass Prism, which would re-encode their bytes.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryOperations, bypassBinary } from '../live/binary-bypass.js';
import { createWire } from '../live/wire-log.js';
import { startFaultServer, type FaultServer } from '../support/fault-server.js';
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
    const isBinary = binaryOperations(FIXTURE);
    expect([isBinary('GET', '/shares/abc'), isBinary('GET', '/user/files'), isBinary('GET', '/users'), isBinary('PUT', '/user/profile')]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    fault.script('/shares/s2', [{ status: 200, body: 'bytes', headers: { 'content-type': 'application/octet-stream' } }]);
    const wire = createWire(fault.url);
    const send = bypassBinary({ proxyUrl: prism.url, directUrl: fault.url, isBinary, send: wire.fetch('client'), twin: wire.fetch('twin') });
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
    const isBinary = binaryOperations(FIXTURE);
    fault.script('/shares/s3', [{ status: 200, body: 'bytes', headers: { 'content-type': 'application/octet-stream' } }]);
    const wire = createWire(fault.url);
    const send = bypassBinary({ proxyUrl: prism.url, directUrl: fault.url, isBinary, send: wire.fetch('client'), twin: wire.fetch('twin') });
    expect((await send(new Request(`${prism.url}/shares/s3`))).status).toBe(200);
    expect(wire.problems(0)).toEqual([]);
    expect(wire.gaps(0)).toEqual(["the spec's security makes Prism refuse GET /shares/s3 without credentials, which the server served"]);
  });
});
