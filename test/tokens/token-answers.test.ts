/**
 * Issue 4, answers that are not what SFTPGo sends: a 2xx body that is not
 * JSON, a Token without a usable access_token or a future expires_at. Each is
 * SftpgoProtocolError, nothing is cached, and the next call asks again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSftpgoClient,
  SftpgoError,
  SftpgoProtocolError,
  type TokenEvent,
} from '../../src/index.js';
import { startFaultServer, type FaultServer, type FaultStep } from '../support/fault-server.js';
import { ADMIN, issuedToken, SECRETS } from '../support/secrets.js';

const admin = ADMIN;
const version: FaultStep = { status: 200, body: { version: '2.7.5' } };
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const goodToken = (): FaultStep => ({ status: 200, body: { access_token: issuedToken('good'), expires_at: rfc3339(Date.now() + 20 * 60_000) } });

let fault: FaultServer;
beforeEach(async () => {
  fault = await startFaultServer();
});
afterEach(() => fault.close());

function adminClient() {
  const events: TokenEvent[] = [];
  const client = createSftpgoClient({
    baseUrl: fault.url,
    admin,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    onEvent: (event) => events.push(event),
  });
  return { client, events };
}

const BAD_ANSWERS: Array<[string, () => FaultStep, RegExp]> = [
  ['a body that is not JSON', () => ({ status: 200, body: '{"access_token": nope', headers: { 'Content-Type': 'application/json' } }), /not valid JSON/],
  ['an HTML page', () => ({ status: 200, body: '<html>login</html>', headers: { 'Content-Type': 'text/html' } }), /not valid JSON/],
  ['an empty body', () => ({ status: 200 }), /no access_token/],
  ['JSON null', () => ({ status: 200, body: null }), /no access_token/],
  ['an empty object', () => ({ status: 200, body: {} }), /no access_token/],
  ['no access_token', () => ({ status: 200, body: { expires_at: rfc3339(Date.now() + 600_000) } }), /no access_token/],
  ['an empty access_token', () => ({ status: 200, body: { access_token: '', expires_at: rfc3339(Date.now() + 600_000) } }), /access_token is empty/],
  ['a numeric access_token', () => ({ status: 200, body: { access_token: 42, expires_at: rfc3339(Date.now() + 600_000) } }), /access_token is a number, not a string/],
  // Issue 14, defect 1: such a token was cached, and every later call failed without sending anything.
  ['an access_token with a line break', () => ({ status: 200, body: { access_token: 'tok\nen', expires_at: rfc3339(Date.now() + 3_600_000) } }), /header cannot carry/],
  ['an access_token with a non-ASCII character', () => ({ status: 200, body: { access_token: 'tokén', expires_at: rfc3339(Date.now() + 3_600_000) } }), /header cannot carry/],
  ['an access_token with a space', () => ({ status: 200, body: { access_token: 'tok en', expires_at: rfc3339(Date.now() + 3_600_000) } }), /header cannot carry/],
  ['no expires_at', () => ({ status: 200, body: { access_token: issuedToken('bad') } }), /expires_at/],
  ['expires_at garbage', () => ({ status: 200, body: { access_token: issuedToken('bad'), expires_at: 'soon-ish' } }), /expires_at "soon-ish" is not an RFC 3339/],
  ['expires_at a number', () => ({ status: 200, body: { access_token: issuedToken('bad'), expires_at: 1_900_000_000 } }), /expires_at 1900000000 \(a number\) is not/],
  // Issue 14, defect 4: Date.parse takes these, SFTPGo never sends them.
  ['expires_at "2099"', () => ({ status: 200, body: { access_token: issuedToken('bad'), expires_at: '2099' } }), /expires_at "2099" is not an RFC 3339/],
  ['expires_at "12/31/2099"', () => ({ status: 200, body: { access_token: issuedToken('bad'), expires_at: '12/31/2099' } }), /expires_at "12\/31\/2099" is not/],
  ['expires_at without a zone', () => ({ status: 200, body: { access_token: issuedToken('bad'), expires_at: '2099-12-31T23:59:59' } }), /not an RFC 3339/],
  ['expires_at on February 30th', () => ({ status: 200, body: { access_token: issuedToken('bad'), expires_at: '2099-02-30T00:00:00Z' } }), /not an RFC 3339/],
  ['expires_at in the past', () => ({ status: 200, body: { access_token: issuedToken('bad'), expires_at: rfc3339(Date.now() - 60_000) } }), /expires_at/],
  [
    'expires_at past by the server’s Date',
    () => ({
      status: 200,
      body: { access_token: issuedToken('bad'), expires_at: rfc3339(Date.now() + 60_000) },
      headers: { Date: new Date(Date.now() + 3_600_000).toUTCString() },
    }),
    /expires_at/,
  ],
];

describe('a token answer that cannot be used', () => {
  it.each(BAD_ANSWERS)('%s: SftpgoProtocolError, nothing cached, the next call asks again', async (_, answer, problem) => {
    fault.script('/token', [answer(), goodToken()]);
    fault.script('/version', [version]);
    const { client, events } = adminClient();

    const error = await client.GET('/version').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SftpgoProtocolError);
    expect(error).toBeInstanceOf(SftpgoError);
    expect(error).toMatchObject({ name: 'SftpgoProtocolError', method: 'GET', path: '/token' });
    expect((error as Error).message).toMatch(problem);
    expect(fault.hits('/token')).toBe(1); // not retried: the server answered
    expect(fault.hits('/version')).toBe(0); // nothing was sent with it
    expect(client.tokenInfo('admin')).toBeUndefined();
    expect(events).toEqual([{ type: 'token-failed', realm: 'admin', reason: 'error' }]);

    const { data } = await client.GET('/version');
    expect(data?.version).toBe('2.7.5');
    expect(fault.hits('/token')).toBe(2);
    expect(fault.lastHeaders('/version')!.authorization).toBe(`Bearer ${issuedToken('good')}`);
    expect(client.tokenInfo('admin')).toMatchObject({ source: 'obtained' });
  });

  it.each(BAD_ANSWERS.slice(0, 1).concat(BAD_ANSWERS.slice(-4)))('%s: getToken rejects SftpgoProtocolError', async (_, answer) => {
    fault.script('/token', [answer()]);
    const { client } = adminClient();
    await expect(client.getToken()).rejects.toBeInstanceOf(SftpgoProtocolError);
    expect(fault.hits('/token')).toBe(1);
    expect(client.tokenInfo('admin')).toBeUndefined();
  });
});

describe('what a protocol error about a token answer shows (issue 10)', () => {
  const token = issuedToken('never-shown');

  it('an expires_at in the past: its value and how far in the past by the server\'s clock, never the token', async () => {
    const serverNow = Date.now() + 3_600_000; // the server's clock is an hour ahead
    const expiresAt = rfc3339(serverNow - 2.5 * 3_600_000);
    const date = new Date(serverNow).toUTCString();
    fault.script('/token', [{ status: 200, body: { access_token: token, expires_at: expiresAt }, headers: { Date: date } }]);
    const error = await adminClient().client.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SftpgoProtocolError);
    expect((error as Error).message).toBe(
      `sftpgo-client: GET /token: the answer's expires_at "${expiresAt}" is 2 h in the past by the server's clock (its Date: "${date}")`,
    );
    expect(String((error as Error).stack)).not.toContain(token);
  });

  it('without a Date header, this machine\'s clock, and it says so', async () => {
    const expiresAt = rfc3339(Date.now() - 3 * 86_400_000 - 60_000);
    fault.script('/token', [{ status: 200, body: { access_token: token, expires_at: expiresAt }, headers: { Date: '' } }]);
    const error = await adminClient().client.getToken().catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/expires_at ".+" is 3 days in the past by this machine's clock \(the answer has no readable Date\)$/);
  });

  it('a token a header cannot carry: says what is wrong with it, not what it is', async () => {
    const unsafe = `${token}\r\nX-Injected: 1`;
    fault.script('/token', [{ status: 200, body: { access_token: unsafe, expires_at: rfc3339(Date.now() + 3_600_000) } }]);
    const error = await adminClient().client.getToken().catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/access_token has characters a header cannot carry/);
    expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain(token);
  });
});

describe('expires_at in the RFC 3339 forms SFTPGo or a proxy may write', () => {
  it.each([
    ['Z', (ms: number) => rfc3339(ms)],
    ['lowercase t and z', (ms: number) => rfc3339(ms).replace('T', 't').replace('Z', 'z')],
    ['an offset', (ms: number) => new Date(ms + 2 * 3_600_000).toISOString().replace(/\.\d+Z$/, '+02:00')],
    ['a negative offset and a fraction', (ms: number) => new Date(ms - 5.5 * 3_600_000).toISOString().replace(/(\.\d+)Z$/, '$1123-05:30')],
  ])('%s: accepted, and the expiry is the same instant', async (_, write) => {
    const expiresMs = Math.floor(Date.now() / 1000) * 1000 + 3_600_000;
    fault.script('/token', [{ status: 200, body: { access_token: issuedToken('good'), expires_at: write(expiresMs) } }]);
    fault.script('/version', [version]);
    const { client } = adminClient();
    expect((await client.GET('/version')).response.status).toBe(200);
    // The server's Date has whole seconds, and the client counts a second less: within 3 s of the hour.
    const left = client.tokenInfo('admin')!.expiresAt!.getTime() - expiresMs;
    expect(left).toBeLessThanOrEqual(0);
    expect(left).toBeGreaterThan(-3_000);
  });
});

describe('a 2xx that is not JSON on another call', () => {
  it('is SftpgoProtocolError naming the operation, not a SyntaxError', async () => {
    fault.script('/version', [{ status: 200, body: 'v2.7.5', headers: { 'Content-Type': 'application/json' } }]);
    const client = createSftpgoClient({ baseUrl: fault.url, accessToken: SECRETS.accessToken });
    const error = await client.GET('/version').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SftpgoProtocolError);
    expect(error).toMatchObject({ method: 'GET', path: '/version' });
    expect(String(error)).toBe("SftpgoProtocolError: sftpgo-client: GET /version: the answer is not valid JSON (to read it otherwise, pass parseAs: 'text', 'blob' or 'stream')");
    expect(fault.hits('/version')).toBe(1);
  });

  it('an error status with a body that is not JSON stays raw: { error: text, response }', async () => {
    fault.script('/version', [{ status: 500, body: '<html>proxy error</html>' }]);
    const client = createSftpgoClient({ baseUrl: fault.url, accessToken: SECRETS.accessToken });
    const { data, error, response } = await client.GET('/version');
    expect([data, error, response.status]).toEqual([undefined, '<html>proxy error</html>', 500]);
  });

  it('a token path answering an error status with a body that is not JSON: SftpgoApiError keeps the status', async () => {
    fault.script('/token', [{ status: 500, body: '<html>proxy error</html>' }]);
    const { client } = adminClient();
    await expect(client.getToken()).rejects.toMatchObject({ name: 'SftpgoApiError', status: 500, body: { message: 'HTTP 500' } });
  });
});
