/**
 * Lazy, cached, shared tokens (issue 3) against the stateful stand-in behind
 * Prism's validating proxy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSftpgoClient, SftpgoApiError, type TokenEvent } from '../../src/index.js';
import { startProxiedSftpgo, type ProxiedSftpgo } from '../support/proxied-sftpgo.js';
import { ADMIN, SECRETS, USER } from '../support/secrets.js';

const admin = ADMIN;
const user = USER;
let sftpgo: ProxiedSftpgo;

beforeAll(async () => {
  sftpgo = await startProxiedSftpgo({
    admins: { admin: { password: admin.password } },
    users: { alice: { password: user.password } },
    // Widens the window in which concurrent calls find no token.
    tokenDelayMs: 100,
  });
});
afterAll(() => sftpgo?.close());

function countsSince(before: Record<string, number>) {
  const now = sftpgo.server.counts();
  return (key: string) => (now[key] ?? 0) - (before[key] ?? 0);
}

describe('obtain once, share, cache per realm', () => {
  it('1,000 concurrent cold calls cause exactly one token request', async () => {
    const before = sftpgo.server.counts();
    const client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, admin });
    const results = await Promise.all(Array.from({ length: 1000 }, () => client.GET('/version')));
    expect(results.every((r) => r.response.status === 200 && r.data?.version)).toBe(true);
    const delta = countsSince(before);
    expect(delta('GET /token')).toBe(1);
    expect(delta('GET /version')).toBe(1000);
    // 1,000 requests through Prism's validating proxy: seconds on an idle machine, more on a busy one.
  }, 60_000);

  it('later calls reuse the cached token', async () => {
    const before = sftpgo.server.counts();
    const client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, admin });
    for (let i = 0; i < 5; i++) expect((await client.GET('/version')).response.status).toBe(200);
    expect(countsSince(before)('GET /token')).toBe(1);
    expect(client.tokenInfo('admin')).toMatchObject({ source: 'obtained' });
  });

  it('admin and user realms in one client hold separate tokens of the right audience', async () => {
    const before = sftpgo.server.counts();
    const client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, admin, user });
    const [version, profile] = await Promise.all([client.GET('/version'), client.GET('/user/profile')]);
    // The server answers 401 "audience is not valid" to a token of the other realm.
    expect(version.response.status).toBe(200);
    expect(profile.response.status).toBe(200);
    await Promise.all([client.GET('/version'), client.GET('/user/profile')]);
    const delta = countsSince(before);
    expect(delta('GET /token')).toBe(1);
    expect(delta('GET /user/token')).toBe(1);
    expect(client.tokenInfo('admin')?.expiresAt).toBeInstanceOf(Date);
    expect(client.tokenInfo('user')?.expiresAt).toBeInstanceOf(Date);
  });

  it('a failed token request rejects every waiter with its error and caches nothing', async () => {
    const before = sftpgo.server.counts();
    const events: TokenEvent[] = [];
    const client = createSftpgoClient({
      baseUrl: sftpgo.baseUrl,
      admin: { username: 'admin', password: `${SECRETS.otherPassword}-wrong` },
      onEvent: (e) => events.push(e),
    });
    const settled = await Promise.allSettled(Array.from({ length: 50 }, () => client.GET('/version')));
    const reasons = settled.map((s) => (s.status === 'rejected' ? s.reason : undefined));
    expect(reasons.every((r) => r instanceof SftpgoApiError && r.status === 401)).toBe(true);
    expect(new Set(reasons).size).toBe(1);
    expect(countsSince(before)('GET /token')).toBe(1);
    expect(countsSince(before)('GET /version')).toBe(0);
    expect(client.tokenInfo('admin')).toBeUndefined();
    expect(events).toEqual([{ type: 'token-failed', realm: 'admin', reason: 'error' }]);
    // Nothing was cached: the next call asks again.
    await expect(client.GET('/version')).rejects.toThrow(SftpgoApiError);
    expect(countsSince(before)('GET /token')).toBe(2);
  });

  it('an event hook that throws costs the caller nothing', async () => {
    const before = sftpgo.server.counts();
    const client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, admin, onEvent: () => { throw new Error('log sink closed'); } });
    expect((await client.GET('/version')).response.status).toBe(200);
    expect((await client.GET('/version')).response.status).toBe(200);
    expect(countsSince(before)('GET /token')).toBe(1);
  });

  it('tells the event hook when a token is obtained, without the token', async () => {
    const events: TokenEvent[] = [];
    const client = createSftpgoClient({ baseUrl: sftpgo.baseUrl, admin, onEvent: (e) => events.push(e) });
    await client.GET('/version');
    expect(events).toEqual([{ type: 'token-obtained', realm: 'admin', expiresAt: client.tokenInfo('admin')!.expiresAt }]);
  });
});
