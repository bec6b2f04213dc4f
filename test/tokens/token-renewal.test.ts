/**
 * Renewal before expiry, measured on the server's clock (issue 3). Only `Date`
 * is faked: the client and the stand-in read the same frozen clock, which the
 * test moves, while sockets and timers stay real.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSftpgoClient } from '../../src/index.js';
import { startProxiedSftpgo, type ProxiedSftpgo } from '../support/proxied-sftpgo.js';
import { ADMIN, OTHER } from '../support/secrets.js';

const LIFETIME_S = 60;
const STEP_MS = 5_000;
const CALLS = 40; // 200 s: more than three lifetimes
const admin = ADMIN;
let sftpgo: ProxiedSftpgo;

beforeAll(async () => {
  sftpgo = await startProxiedSftpgo({ lifetimeSeconds: LIFETIME_S, admins: { admin: { password: admin.password } } });
});
afterAll(() => sftpgo?.close());
afterEach(() => {
  vi.useRealTimers();
  sftpgo.server.setClockOffset(0);
});

/** Sequential calls, STEP_MS apart on the shared clock; what the server saw. */
async function callOverLifetimes(clockOffsetMs: number) {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-06-01T12:00:00Z') });
  sftpgo.server.setClockOffset(clockOffsetMs);
  const firstRequest = sftpgo.server.requests.length;
  const renewedAt: number[] = [];
  const client = createSftpgoClient({
    baseUrl: sftpgo.baseUrl,
    admin,
    onEvent: (e) => e.type === 'token-renewed' && renewedAt.push(Date.now()),
  });
  for (let i = 0; i < CALLS; i++) {
    expect((await client.GET('/version')).response.status).toBe(200);
    vi.setSystemTime(Date.now() + STEP_MS);
  }
  await new Promise((resolve) => setTimeout(resolve, 200)); // a background renewal may still be landing
  const seen = sftpgo.server.requests.slice(firstRequest);
  return {
    tokenRequests: seen.filter((r) => r.path === '/token').length,
    expiredPresented: seen.filter((r) => r.presentedExpired).length,
    rejected: seen.filter((r) => r.path === '/version' && r.status !== 200).length,
    renewedAt,
  };
}

describe('renewal over several lifetimes of a short-lived token', () => {
  it('never presents an expired token, and renews a bounded number of times', async () => {
    const run = await callOverLifetimes(0);
    expect(run.expiredPresented).toBe(0);
    expect(run.rejected).toBe(0);
    const span = (CALLS * STEP_MS) / 1000;
    // At least once per lifetime, at most once per half-lifetime (plus the first token).
    expect(run.tokenRequests).toBeGreaterThanOrEqual(Math.ceil(span / LIFETIME_S));
    expect(run.tokenRequests).toBeLessThanOrEqual(Math.ceil(span / (LIFETIME_S / 2)) + 1);
    for (let i = 1; i < run.renewedAt.length; i++) {
      expect(run.renewedAt[i]! - run.renewedAt[i - 1]!).toBeGreaterThanOrEqual(((LIFETIME_S - 1) / 2) * 1000);
    }
  });

  it('behaves the same when the client clock is an hour behind or ahead of the server', async () => {
    const right = await callOverLifetimes(0);
    for (const offset of [3_600_000, -3_600_000]) {
      const skewed = await callOverLifetimes(offset);
      expect(skewed.expiredPresented).toBe(0);
      expect(skewed.rejected).toBe(0);
      expect(skewed.tokenRequests).toBe(right.tokenRequests);
    }
  });

  it('renews with a margin that defaults to about a minute on long tokens', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-06-01T12:00:00Z') });
    const client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, admin, renewMarginMs: 20_000 });
    await client.GET('/version');
    const info = client.tokenInfo('admin')!;
    // 20 s is under half of the 60 s lifetime, so it applies as given.
    expect(info.expiresAt!.getTime() - info.renewAt!.getTime()).toBe(20_000);
    expect(info.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + LIFETIME_S * 1000);
    // By default a token this short renews at 90% of the life it had left when it came.
    const byDefault = createSftpgoClient({ baseUrl: sftpgo.baseUrl, admin });
    const sentAt = Date.now();
    await byDefault.GET('/version');
    const left = byDefault.tokenInfo('admin')!.expiresAt!.getTime() - sentAt;
    expect(Math.abs(byDefault.tokenInfo('admin')!.renewAt!.getTime() - (sentAt + left * 0.9))).toBeLessThan(2);
  });
});

describe('a renewal that fails while the token is still good', () => {
  it('keeps the token serving and does not send a login per call', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-06-02T12:00:00Z') });
    const account: { password: string } = { password: OTHER.password };
    const local = await startProxiedSftpgo({ lifetimeSeconds: LIFETIME_S, admins: { renewer: account } });
    try {
      const client = createSftpgoClient({ baseUrl: local.baseUrl, admin: { username: 'renewer', password: account.password } });
      expect((await client.GET('/version')).response.status).toBe(200);
      account.password = `${OTHER.password}-changed`; // every renewal is now refused
      vi.setSystemTime(client.tokenInfo('admin')!.renewAt!.getTime() + 1_000);
      for (let i = 0; i < 30; i++) expect((await client.GET('/version')).response.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 100)); // the failed renewal lands
      for (let i = 0; i < 30; i++) expect((await client.GET('/version')).response.status).toBe(200);
      const tokenAnswers = local.server.requests.filter((r) => r.path === '/token').map((r) => r.status);
      expect(tokenAnswers).toEqual([200, 401]);
    } finally {
      await local.close();
    }
  });
});

describe('logout of a token that has expired', () => {
  it('sends nothing and forgets it', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-06-03T12:00:00Z') });
    const events: string[] = [];
    const client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, admin, onEvent: (e) => events.push(`${e.type}:${e.reason ?? ''}`) });
    await client.GET('/version');
    const before = sftpgo.server.counts()['GET /logout'] ?? 0;
    vi.setSystemTime(client.tokenInfo('admin')!.expiresAt!.getTime() + 1);
    await expect(client.logout()).resolves.toBeUndefined();
    expect(sftpgo.server.counts()['GET /logout'] ?? 0).toBe(before);
    expect(client.tokenInfo('admin')).toBeUndefined();
    expect(events).toEqual(['token-obtained:', 'token-dropped:expired']);
  });
});
