// Live checks of the token lifecycle: tokens from the seed methods, bearer
// calls that obtain one token per realm and reuse it, a cold burst sharing one
// token request, logout, and realms kept apart.
import { ensure, ensureEqual, type LiveCheck, type LiveContext } from '../live-check.js';
import type { WireEntry } from '../wire-log.js';

export const bearerOf = (entry: WireEntry | undefined) => /^Bearer (.+)$/.exec(entry?.headers.authorization ?? '')?.[1];
export const sent = (ctx: LiveContext, from: number, path?: string) =>
  ctx.wire.entries.slice(from).filter((e) => e.source === 'client' && (path === undefined || e.path === path));
const RFC3339_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

const seedTokens: LiveCheck = {
  name: 'seed-tokens',
  title: 'getToken() and getUserToken() return an admin and a user token the server accepts',
  async run(ctx) {
    const { admin, user } = ctx.accounts;
    const client = ctx.client({ admin, user });
    const from = ctx.wire.entries.length;
    const tokens = { admin: await client.getToken(), user: await client.getUserToken() };
    for (const [realm, token] of Object.entries(tokens)) {
      ensure(token.access_token.split('.').length === 3, `the ${realm} access_token is not a JWT`);
      ensure(RFC3339_UTC.test(token.expires_at), `the ${realm} expires_at is not RFC 3339 UTC in whole seconds: ${token.expires_at}`);
      const answer = sent(ctx, from, realm === 'admin' ? '/token' : '/user/token')[0];
      const lifetime = (Date.parse(token.expires_at) - Date.parse(answer?.responseHeaders?.date ?? '')) / 1000;
      ensure(lifetime > 0, `the ${realm} token expires ${-lifetime} s before the server's Date`);
      ctx.note(`${realm} token: expires_at ${token.expires_at}, ${lifetime} s after the answer's Date`);
    }
    ensure(client.tokenInfo('admin') === undefined && client.tokenInfo('user') === undefined, 'the seed methods left a token in the cache');
    const version = await ctx.raw('/version', { headers: { authorization: `Bearer ${tokens.admin.access_token}` } });
    const profile = await ctx.raw('/user/profile', { headers: { authorization: `Bearer ${tokens.user.access_token}` } });
    ensureEqual([version.status, profile.status], [200, 200], 'GET /version and /user/profile with those tokens');
    await ctx.raw('/logout', { headers: { authorization: `Bearer ${tokens.admin.access_token}` } });
    await ctx.raw('/user/logout', { headers: { authorization: `Bearer ${tokens.user.access_token}` } });
  },
};

const bearerPerRealm: LiveCheck = {
  name: 'bearer-per-realm',
  title: 'bearer calls obtain one token per realm and reuse it',
  async run(ctx) {
    const client = ctx.client({ admin: ctx.accounts.admin, user: ctx.accounts.user });
    const from = ctx.wire.entries.length;
    for (let i = 0; i < 3; i++) {
      ensureEqual((await client.GET('/version')).response.status, 200, `GET /version #${i + 1}`);
      ensureEqual((await client.GET('/user/profile')).response.status, 200, `GET /user/profile #${i + 1}`);
    }
    ensureEqual([sent(ctx, from, '/token').length, sent(ctx, from, '/user/token').length], [1, 1], 'token requests (admin, user)');
    const admin = new Set(sent(ctx, from, '/version').map(bearerOf));
    const user = new Set(sent(ctx, from, '/user/profile').map(bearerOf));
    ensure(admin.size === 1 && user.size === 1, 'the calls of a realm did not all present the same token');
    ensure([...admin][0] !== [...user][0], 'both realms presented the same token');
  },
};

/** Runs at most `limit` requests at a time: for servers whose per-address connection limit the suite cannot lift. */
function limitConcurrency(fetch: (r: Request) => Promise<Response>, limit: number) {
  let active = 0;
  const queue: Array<() => void> = [];
  return async (request: Request) => {
    if (active >= limit) await new Promise<void>((go) => queue.push(go));
    active++;
    try {
      const response = await fetch(request);
      const body = await response.arrayBuffer();
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

const coldConcurrency: LiveCheck = {
  name: 'cold-concurrency',
  title: '1,000 concurrent cold calls make one token request',
  async run(ctx) {
    // SFTPGo counts in-flight requests per address (max_per_host_connections, 20 by default):
    // on a server the suite did not configure, the calls share 16 connections.
    const bounded = ctx.target.kind === 'url';
    const client = ctx.client({
      admin: ctx.accounts.admin,
      ...(bounded ? { fetch: limitConcurrency(ctx.wire.fetch('client'), 16) } : {}),
    });
    const from = ctx.wire.entries.length;
    const results = await Promise.all(Array.from({ length: 1000 }, () => client.GET('/version')));
    const statuses = new Map<number, number>();
    for (const { response } of results) statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    ensureEqual(Object.fromEntries(statuses), { 200: 1000 }, 'statuses of the 1,000 calls');
    ensureEqual(sent(ctx, from, '/token').length, 1, 'token requests');
    ensureEqual(new Set(sent(ctx, from, '/version').map(bearerOf)).size, 1, 'distinct tokens presented');
    if (bounded) ctx.note('at most 16 requests in flight: a server the suite did not start keeps its per-address limit');
  },
};

const logoutRevokes: LiveCheck = {
  name: 'logout-revokes',
  title: 'logout revokes the token (the server then answers it 401) and the next call recovers',
  async run(ctx) {
    for (const realm of ['admin', 'user'] as const) {
      const client = ctx.client({ [realm]: ctx.accounts[realm] });
      const path = realm === 'admin' ? '/version' : '/user/profile';
      ensureEqual((await client.GET(path)).response.status, 200, `${realm}: GET ${path}`);
      const revoked = bearerOf(sent(ctx, 0, path).at(-1))!;
      const out = realm === 'admin' ? await client.logout() : await client.clientLogout();
      ensure(typeof out?.message === 'string', `${realm}: logout answered no message`);
      ensure(client.tokenInfo(realm) === undefined, `${realm}: the client still holds a token after logout`);
      const reuse = await ctx.raw(path, { headers: { authorization: `Bearer ${revoked}` } });
      ensureEqual([reuse.status, reuse.body?.message], [401, 'Your token is no longer valid'], `${realm}: the revoked token on ${path}`);
      const from = ctx.wire.entries.length;
      ensureEqual((await client.GET(path)).response.status, 200, `${realm}: GET ${path} after logout`);
      ensureEqual(sent(ctx, from).map((e) => `${e.path} ${e.status}`), [`${realm === 'admin' ? '/token' : '/user/token'} 200`, `${path} 200`], `${realm}: after logout`);
      ensure(bearerOf(sent(ctx, from, path)[0]) !== revoked, `${realm}: the revoked token was presented again`);
      ctx.note(`${realm}: logout answered "${out!.message}"`);
    }
  },
};

const realmsApart: LiveCheck = {
  name: 'realms-apart',
  title: 'admin and user tokens never cross: each realm gets its own, and the server refuses the other',
  async run(ctx) {
    const client = ctx.client({ admin: ctx.accounts.admin, user: ctx.accounts.user });
    const from = ctx.wire.entries.length;
    const calls = Array.from({ length: 40 }, (_, i) => (i % 2 ? client.GET('/user/profile') : client.GET('/version')));
    const statuses = (await Promise.all(calls)).map((r) => r.response.status);
    ensure(statuses.every((s) => s === 200), `mixed calls answered ${[...new Set(statuses)].join(', ')}`);
    const admin = bearerOf(sent(ctx, from, '/version')[0])!;
    const user = bearerOf(sent(ctx, from, '/user/profile')[0])!;
    ensureEqual([ctx.wire.realmOf(admin), ctx.wire.realmOf(user)], ['admin', 'user'], 'realms of the tokens presented');
    // Crossing is caught for every call by the wire log's rules; here, what the server says to one.
    const crossed = [
      await ctx.raw('/user/profile', { headers: { authorization: `Bearer ${admin}` } }),
      await ctx.raw('/version', { headers: { authorization: `Bearer ${user}` } }),
    ].map((r) => [r.status, r.body?.message]);
    ensureEqual(crossed, [[401, 'Your token audience is not valid'], [401, 'Your token audience is not valid']], 'tokens sent to the other realm');
    await client.logout();
    await client.clientLogout();
  },
};

export const tokenChecks = [seedTokens, bearerPerRealm, coldConcurrency, logoutRevokes, realmsApart];
