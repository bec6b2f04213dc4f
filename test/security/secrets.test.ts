/**
 * Issue 4, secrets stay secret: passwords, one-time codes, a TOTP secret, an
 * API key, a static token and the tokens the server issues never appear in an
 * error (message, String, util.inspect, JSON.stringify), in the client
 * (util.inspect with hidden properties, JSON.stringify), or in an event.
 * Every failure the other issue-4 tests provoke is provoked here once more,
 * with distinctive secrets, and everything produced is searched for them.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSftpgoClient, SftpgoError, type SftpgoClientOptions, type TokenEvent } from '../../src/index.js';
import { startFaultServer, type FaultServer, type FaultStep } from '../support/fault-server.js';
import { ISSUED_MARK, SECRETS as SHARED } from '../support/secrets.js';

const SECRETS = {
  adminPassword: SHARED.adminPassword,
  userPassword: SHARED.userPassword,
  otp: SHARED.otp,
  totpSecret: SHARED.totpSecret,
  apiKey: SHARED.apiKey,
  accessToken: SHARED.accessToken,
  // Every token the fault server issues contains this (short: JSON.parse quotes 10 characters).
  issued: ISSUED_MARK,
};
const expiresAt = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
const issued = (n: number): FaultStep => ({ status: 200, body: { access_token: `hdr.${SECRETS.issued}-${n}.sig`, expires_at: expiresAt } });
const apiError = (status: number): FaultStep => ({ status, body: { message: 'Unauthorized', error: 'invalid credentials' } });

let fault: FaultServer;
let other: FaultServer;
const errors: unknown[] = [];
const events: TokenEvent[] = [];
const clients: object[] = [];
/** Every six-digit code the client made from the TOTP secret, read off the wire. */
const totpCodes = () => fault.allHeaders('/user/token').map((h) => h['x-sftpgo-otp']!).filter(Boolean);

beforeAll(async () => {
  [fault, other] = await Promise.all([startFaultServer(), startFaultServer()]);
  other.script('/version', [{ status: 200, body: {} }]);
});
afterAll(() => Promise.all([fault?.close(), other?.close()]));

/** Options to change; `undefined` removes one. */
type Overrides = { [K in keyof SftpgoClientOptions]?: SftpgoClientOptions[K] | undefined };

function client(extra: Overrides = {}) {
  const made = createSftpgoClient({
    baseUrl: fault.url,
    admin: { username: 'admin', password: SECRETS.adminPassword, otp: SECRETS.otp },
    user: { username: 'alice', password: SECRETS.userPassword, totpSecret: SECRETS.totpSecret },
    apiKey: SECRETS.apiKey,
    accessToken: SECRETS.accessToken,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    timeoutMs: 300,
    onEvent: (event: TokenEvent) => events.push(event),
    ...extra,
  } as SftpgoClientOptions);
  clients.push(made);
  return made;
}
/** Runs `call`, keeping what it throws (it must throw). */
async function provoke(call: () => Promise<unknown>): Promise<void> {
  const outcome = await call().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  expect(outcome, 'the scenario must fail').toHaveProperty('error');
  errors.push((outcome as { error: unknown }).error);
}

describe('failures of every kind', () => {
  it('token requests: refused, garbled, cut off, slow, sent elsewhere, a spent code', async () => {
    for (const step of [
      apiError(401),
      apiError(403),
      { status: 500, body: `<html>${SECRETS.issued} not json</html>` },
      // JSON.parse quotes the body around the error: here, the token.
      { status: 200, body: `{"access_token":${SECRETS.issued}-garbled}`, headers: { 'Content-Type': 'application/json' } },
      { status: 200, body: { access_token: `${SECRETS.issued}-noexpiry` } },
      { status: 200, body: { access_token: `${SECRETS.issued}-past`, expires_at: '2001-01-01T00:00:00Z' } },
      { resetBeforeHeaders: true },
      { resetAfterHeaders: true },
      { delayMs: 2_000, then: issued(0) },
      { redirectTo: `${other.url}/token` },
    ] satisfies FaultStep[]) {
      fault.script('/token', [step]);
      fault.script('/user/token', [step]);
      // A client per step: each TOTP source sends at most two codes per 30 s step without waiting.
      const sftpgo = client({ apiKey: undefined });
      await provoke(() => sftpgo.getToken()); // the admin's string code
      await provoke(() => sftpgo.GET('/user/profile')); // the user's TOTP code
    }
    // The string code was spent by the first admin token request.
    fault.script('/token', [issued(1)]);
    const spent = client({ apiKey: undefined });
    await spent.getToken();
    await provoke(() => spent.GET('/version'));
  });

  it('bearer calls: a rejected static token, garbled answers, resets, timeouts, redirects, aborts', async () => {
    const bearerOnly = client({ admin: undefined, user: undefined, apiKey: undefined });
    fault.script('/version', [apiError(401)]);
    await provoke(() => bearerOnly.GET('/version'));
    fault.script('/version', [{ status: 200, body: `{"v": ${SECRETS.issued}}`, headers: { 'Content-Type': 'application/json' } }]);
    await provoke(() => client().GET('/version'));
    for (const step of [{ resetAfterHeaders: true }, { resetBeforeHeaders: true }, { delayMs: 2_000, then: apiError(500) }, { redirectTo: `${other.url}/version` }] satisfies FaultStep[]) {
      fault.script('/version', [step]);
      await provoke(() => client().GET('/version'));
      await provoke(() => bearerOnly.GET('/version'));
    }
    fault.script('/version', [{ delayMs: 2_000, then: apiError(500) }]);
    await provoke(() => client().GET('/version', { signal: AbortSignal.timeout(50) }));
    await provoke(() => client().GET('/version', { signal: AbortSignal.abort() }));
    fault.script('/logout', [apiError(500)]);
    fault.script('/token', [issued(2)]);
    const holder = client({ apiKey: undefined, admin: { username: 'admin', password: SECRETS.adminPassword, otp: () => SECRETS.otp } });
    fault.script('/version', [{ status: 200, body: {} }]);
    await holder.GET('/version');
    await provoke(() => holder.logout());
  });

  it('options refused: plain http, empty credentials, a TOTP secret that is not base32', async () => {
    const base = { baseUrl: 'http://sftpgo.example.com/api/v2', apiKey: SECRETS.apiKey, accessToken: SECRETS.accessToken };
    for (const options of [
      { ...base, admin: { username: 'admin', password: SECRETS.adminPassword } },
      { ...base, baseUrl: fault.url, admin: { username: '', password: SECRETS.adminPassword } },
      { ...base, baseUrl: fault.url, user: { username: 'alice', password: SECRETS.userPassword, totpSecret: `${SECRETS.otp}!` } },
      { ...base, baseUrl: `ftp://admin:${SECRETS.adminPassword}@sftpgo.example.com/` },
    ]) {
      await provoke(async () => createSftpgoClient(options));
    }
  });
});

describe('what was produced', () => {
  // Any 8 characters in a row of a secret count, so that a part shown is caught too.
  const fragments = () =>
    [...Object.values(SECRETS), ...totpCodes()].flatMap((secret) =>
      secret.length <= 8 ? [secret] : Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8)),
    );
  const leaks = (text: string) => fragments().filter((fragment) => text.includes(fragment));

  it('the scenarios produced errors of every class', () => {
    const names = new Set(errors.map((e) => (e as Error).name));
    for (const name of ['SftpgoApiError', 'SftpgoNetworkError', 'SftpgoTimeoutError', 'SftpgoProtocolError', 'SftpgoConfigError', 'AbortError', 'TimeoutError']) {
      expect(names).toContain(name);
    }
    expect(errors.filter((e) => !(e instanceof SftpgoError)).map((e) => (e as Error).name).sort()).toEqual(['AbortError', 'TimeoutError']);
    expect(totpCodes().length).toBeGreaterThan(0);
  });

  it('no error shows a secret: message, String, util.inspect, JSON.stringify', () => {
    for (const error of errors) {
      const views = [
        (error as Error).message,
        String(error),
        (error as Error).stack ?? '',
        inspect(error, { depth: 10, showHidden: true }),
        JSON.stringify(error),
      ];
      for (const view of views) expect(leaks(view), view).toEqual([]);
    }
  });

  it('no client shows a secret, and JSON.stringify does not throw', () => {
    expect(clients.length).toBeGreaterThan(5);
    for (const made of clients) {
      expect(leaks(inspect(made, { depth: 10, showHidden: true }))).toEqual([]);
      expect(leaks(JSON.stringify(made))).toEqual([]);
    }
  });

  it('no event carries a secret', () => {
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['token-obtained', 'token-failed', 'token-dropped']));
    for (const event of events) {
      expect(leaks(JSON.stringify(event))).toEqual([]);
      expect(leaks(inspect(event, { depth: 10, showHidden: true }))).toEqual([]);
      expect(Object.keys(event).every((key) => ['type', 'realm', 'expiresAt', 'reason'].includes(key))).toBe(true);
    }
  });
});
