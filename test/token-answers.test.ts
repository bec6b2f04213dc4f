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
} from '../src/index.js';
import { startFaultServer, type FaultServer, type FaultStep } from './support/fault-server.js';

const admin = { username: 'admin', password: 'admin-Secret-1' };
const version: FaultStep = { status: 200, body: { version: '2.7.5' } };
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const goodToken = (): FaultStep => ({ status: 200, body: { access_token: 'good.jwt.token', expires_at: rfc3339(Date.now() + 20 * 60_000) } });

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
  ['an empty access_token', () => ({ status: 200, body: { access_token: '', expires_at: rfc3339(Date.now() + 600_000) } }), /no access_token/],
  ['a numeric access_token', () => ({ status: 200, body: { access_token: 42, expires_at: rfc3339(Date.now() + 600_000) } }), /no access_token/],
  ['no expires_at', () => ({ status: 200, body: { access_token: 'bad.jwt.token' } }), /expires_at/],
  ['expires_at garbage', () => ({ status: 200, body: { access_token: 'bad.jwt.token', expires_at: 'soon-ish' } }), /expires_at/],
  ['expires_at a number', () => ({ status: 200, body: { access_token: 'bad.jwt.token', expires_at: 1_900_000_000 } }), /expires_at/],
  ['expires_at in the past', () => ({ status: 200, body: { access_token: 'bad.jwt.token', expires_at: rfc3339(Date.now() - 60_000) } }), /expires_at/],
  [
    'expires_at past by the server’s Date',
    () => ({
      status: 200,
      body: { access_token: 'bad.jwt.token', expires_at: rfc3339(Date.now() + 60_000) },
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
    expect(fault.lastHeaders('/version')!.authorization).toBe('Bearer good.jwt.token');
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

describe('a 2xx that is not JSON on another call', () => {
  it('is SftpgoProtocolError naming the operation, not a SyntaxError', async () => {
    fault.script('/version', [{ status: 200, body: 'v2.7.5', headers: { 'Content-Type': 'application/json' } }]);
    const client = createSftpgoClient({ baseUrl: fault.url, accessToken: 'static.jwt.token' });
    const error = await client.GET('/version').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SftpgoProtocolError);
    expect(error).toMatchObject({ method: 'GET', path: '/version' });
    expect(String(error)).toBe("SftpgoProtocolError: sftpgo-client: GET /version: the answer is not valid JSON (to read it otherwise, pass parseAs: 'text', 'blob' or 'stream')");
    expect(fault.hits('/version')).toBe(1);
  });

  it('an error status with a body that is not JSON stays raw: { error: text, response }', async () => {
    fault.script('/version', [{ status: 500, body: '<html>proxy error</html>' }]);
    const client = createSftpgoClient({ baseUrl: fault.url, accessToken: 'static.jwt.token' });
    const { data, error, response } = await client.GET('/version');
    expect([data, error, response.status]).toEqual([undefined, '<html>proxy error</html>', 500]);
  });

  it('a token path answering an error status with a body that is not JSON: SftpgoApiError keeps the status', async () => {
    fault.script('/token', [{ status: 500, body: '<html>proxy error</html>' }]);
    const { client } = adminClient();
    await expect(client.getToken()).rejects.toMatchObject({ name: 'SftpgoApiError', status: 500, body: { message: 'HTTP 500' } });
  });
});
