/**
 * One-time codes are one-time (issue 3): SFTPGo refuses a code it has seen,
 * so renewals must never send the same code twice.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSftpgoClient, SftpgoConfigError } from '../../src/index.js';
import { startProxiedSftpgo, type ProxiedSftpgo } from '../support/proxied-sftpgo.js';
import { totpCode } from '../support/sftpgo-server.js';
import { scriptedFetch } from '../support/scripted-fetch.js';
import { OTHER, SECRETS } from '../support/secrets.js';

const SECRET = SECRETS.totpSecret;
const admin = { username: 'tfa', password: OTHER.password };
let sftpgo: ProxiedSftpgo;

beforeAll(async () => {
  sftpgo = await startProxiedSftpgo({ admins: { tfa: { password: admin.password, totpSecret: SECRET } } });
});
afterAll(() => sftpgo?.close());
afterEach(() => vi.useRealTimers());

/**
 * Starts the shared clock `intoStepMs` into a 30 s TOTP step, a different
 * step per test (the server remembers used codes); it then runs with real time.
 */
function clockAt(hour: number, intoStepMs: number) {
  const stepStart = Date.parse(`2026-06-01T${String(hour).padStart(2, '0')}:00:00Z`);
  vi.useFakeTimers({ toFake: ['Date'], now: stepStart + intoStepMs, shouldAdvanceTime: true });
}

function tokenAnswers(from: number) {
  return sftpgo.server.requests.slice(from).filter((r) => r.path === '/token').map((r) => [r.status, r.headers['x-sftpgo-otp']]);
}

describe('TOTP from totpSecret', () => {
  it('renews within the same 30 s step with the next step\'s code, then waits for the next step', async () => {
    // 29 s into the step: the third token request waits for the next one, plus a margin.
    clockAt(1, 29_000);
    const from = sftpgo.server.requests.length;
    const client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, admin: { ...admin, totpSecret: SECRET } });
    expect((await client.GET('/version')).response.status).toBe(200);
    sftpgo.server.revokeAll();
    expect((await client.GET('/version')).response.status).toBe(200);
    sftpgo.server.revokeAll();
    expect((await client.GET('/version')).response.status).toBe(200);
    const answers = tokenAnswers(from);
    expect(answers.map(([status]) => status)).toEqual([200, 200, 200]);
    const step = Math.floor(Date.parse('2026-06-01T01:00:00Z') / 30_000);
    expect(answers.map(([, code]) => code)).toEqual([
      totpCode(SECRET, step * 30_000),
      totpCode(SECRET, (step + 1) * 30_000),
      totpCode(SECRET, (step + 2) * 30_000),
    ]);
  });

  it('concurrent token requests take different steps, even those that wait', async () => {
    clockAt(5, 29_000);
    const from = sftpgo.server.requests.length;
    const client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, admin: { ...admin, totpSecret: SECRET } });
    await Promise.all([client.getToken(), client.getToken(), client.getToken()]);
    const answers = tokenAnswers(from);
    expect(answers.map(([status]) => status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map(([, code]) => code)).size).toBe(3);
  });

  it('the first code is the current step\'s, as an authenticator app shows it', async () => {
    clockAt(2, 1_000);
    const from = sftpgo.server.requests.length;
    const client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, admin: { ...admin, totpSecret: SECRET } });
    await client.getToken();
    expect(tokenAnswers(from)).toEqual([[200, totpCode(SECRET, Date.now())]]);
  });
});

describe('TOTP on the server\'s clock (issue 14, defect 2)', () => {
  afterEach(() => sftpgo.server.setClockOffset(0));

  for (const [hour, offsetMs, what] of [
    // Server hours 11 and 12, 14 below: steps no other test uses (the server remembers used codes).
    [10, 3_600_000, 'an hour ahead of'],
    [13, -3_600_000, 'an hour behind'],
  ] as const) {
    it(`a server ${what} this machine: the first token request is accepted, and so is a renewal`, async () => {
      clockAt(hour, 10_000);
      sftpgo.server.setClockOffset(offsetMs);
      const from = sftpgo.server.requests.length;
      const client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, admin: { ...admin, totpSecret: SECRET } });
      expect((await client.GET('/version')).response.status).toBe(200);
      // The code was the server's current one, read off its clock before any login was tried.
      expect(tokenAnswers(from)).toEqual([[200, totpCode(SECRET, sftpgo.server.now())]]);
      sftpgo.server.revokeAll();
      expect((await client.GET('/version')).response.status).toBe(200);
      expect(tokenAnswers(from).map(([status]) => status)).toEqual([200, 200]);
      // One look at the clock: public, no credentials, never a failed login.
      const health = sftpgo.server.requests.slice(from).filter((r) => r.path === '/healthz');
      expect(health.map((r) => [r.status, r.headers.authorization])).toEqual([[200, undefined]]);
    });
  }

  it('getToken() without a cached token reads the clock the same way', async () => {
    clockAt(15, 10_000);
    sftpgo.server.setClockOffset(-3_600_000);
    const from = sftpgo.server.requests.length;
    const client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, admin: { ...admin, totpSecret: SECRET } });
    await client.getToken();
    expect(tokenAnswers(from)).toEqual([[200, totpCode(SECRET, sftpgo.server.now())]]);
  });
  it('a clock corrected between two codes does not make the next one wait for steps of the old clock', async () => {
    // The first probe gets no answer (its connection is reset), so the first
    // code is on this machine's clock, an hour ahead of the server's: refused.
    // The next code asks again, learns the server's clock, and is the server's
    // current one, sent at once: before, it waited an hour, for the step after
    // the one claimed on the old clock.
    const serverNow = () => Date.now() - 3_600_000;
    let probes = 0;
    const server = scriptedFetch((sent) => {
      const date = new Date(serverNow()).toUTCString();
      if (sent.path === '/healthz') return probes++ === 0 ? { network: 'reset' } : { status: 200, headers: { date }, body: 'ok' };
      if (sent.headers['x-sftpgo-otp'] !== totpCode(SECRET, serverNow())) return { status: 401, headers: { date }, body: '{"error":"Unauthorized"}' };
      return { status: 200, headers: { date, 'content-type': 'application/json' }, body: JSON.stringify({ access_token: 'hdr.payload.sig', expires_at: new Date(serverNow() + 600_000).toISOString() }) };
    });
    const client = createSftpgoClient({ baseUrl: 'http://127.0.0.1:9/api/v2', fetch: server.fetch, retry: false, admin: { ...admin, totpSecret: SECRET } });
    await expect(client.getToken()).rejects.toMatchObject({ status: 401 });
    await expect(client.getToken()).resolves.toMatchObject({ access_token: 'hdr.payload.sig' });
    const codes = server.sent.filter((r) => r.path.endsWith('/token')).map((r) => r.headers['x-sftpgo-otp']);
    expect(codes).toEqual([totpCode(SECRET, Date.now()), totpCode(SECRET, serverNow())]);
  });
});

describe('otp given as a string or a function', () => {
  it('a string serves one token request; a renewal fails saying what to pass instead', async () => {
    clockAt(3, 10_000);
    const from = sftpgo.server.requests.length;
    const client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, admin: { ...admin, otp: totpCode(SECRET, Date.now()) } });
    expect((await client.GET('/version')).response.status).toBe(200);
    sftpgo.server.revokeAll();
    const error = await client.GET('/version').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SftpgoConfigError);
    expect(String(error)).toMatch(/`otp` as a function or `totpSecret`/);
    expect(tokenAnswers(from)).toHaveLength(1);
  });

  it('a function is asked for a code on every token request', async () => {
    clockAt(4, 10_000);
    const codes = [totpCode(SECRET, Date.now()), totpCode(SECRET, Date.now() + 30_000)];
    let asked = 0;
    const client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, admin: { ...admin, otp: () => codes[asked++]! } });
    await client.getToken();
    await client.getToken();
    expect(asked).toBe(2);
  });
});
