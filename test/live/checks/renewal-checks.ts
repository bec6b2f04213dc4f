// Live checks of tokens that stop being good: one revoked behind the client's
// back (another client logs it out) is recovered once with the request body
// replayed, and a token near its expiry is renewed before it, with no call
// ever presenting an expired token.
import { randomBytes } from 'node:crypto';
import type { TokenEvent } from '../../../src/index.js';
import { ensure, ensureEqual, Skipped, type LiveCheck } from '../live-check.js';
import { bearerOf, sent } from './token-checks.js';

const MAX_LIFETIME_S = 300;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const revokedElsewhere: LiveCheck = {
  name: 'revoked-elsewhere',
  title: 'a token revoked by another client is recovered once, the request body replayed',
  async run(ctx) {
    const { user } = ctx.accounts;
    const client = ctx.fixtureClient({ user });
    const profile = (description: string) => ({ email: `${user.username}@example.com`, description, allow_api_key_auth: true });
    ensureEqual((await client.PUT('/user/profile', { body: profile('before') })).response.status, 200, 'the first PUT /user/profile');
    const revoked = bearerOf(sent(ctx, 0, '/user/profile').at(-1))!;
    // Another program logs the same token out.
    const other = await ctx.client({ accessToken: revoked }).clientLogout();
    ensure(other !== undefined, 'the other client sent no logout');

    const from = ctx.wire.entries.length;
    const description = `replayed ${randomBytes(4).toString('hex')}`;
    const { response } = await client.PUT('/user/profile', { body: profile(description) });
    ensureEqual(response.status, 200, 'the PUT after the token was revoked');
    const wire = sent(ctx, from);
    ensureEqual(wire.map((e) => `${e.method} ${e.path} ${e.status}`), ['PUT /user/profile 401', 'GET /user/token 200', 'PUT /user/profile 200'], 'requests');
    ensure(bearerOf(wire[0]) === revoked && bearerOf(wire[2]) !== revoked, 'the replay did not present a new token');
    ensureEqual(wire[2]!.body, wire[0]!.body, 'the replayed body');
    const seen = await ctx.client({ user }).GET('/user/profile');
    ensureEqual(seen.data?.description, description, 'the profile after the replay');
    await client.clientLogout();
  },
};

const renewal: LiveCheck = {
  name: 'renewal',
  title: 'a token is renewed before it expires, and no call ever presents an expired one',
  async run(ctx) {
    const events: Array<TokenEvent & { at: number }> = [];
    const client = ctx.client({ admin: ctx.accounts.admin, onEvent: (e) => events.push({ ...e, at: Date.now() }) });
    const from = ctx.wire.entries.length;
    ensureEqual((await client.GET('/version')).response.status, 200, 'the first call');
    const first = client.tokenInfo('admin')!;
    const lifetimeS = Math.round((first.expiresAt!.getTime() - Date.now()) / 1000);
    if (lifetimeS > MAX_LIFETIME_S) {
      await client.logout();
      throw new Skipped(`tokens live ${Math.round(lifetimeS / 60)} min here; this check needs at most ${MAX_LIFETIME_S / 60} (SFTPGo's httpd.jwt_lifetime)`);
    }
    // One call a second until a few calls have used the renewed token, or well past the first expiry.
    const deadline = first.expiresAt!.getTime() + 20_000;
    let afterRenewal = 0;
    while (afterRenewal < 3 && Date.now() < deadline) {
      await sleep(1_000);
      ensureEqual((await client.GET('/version')).response.status, 200, 'a call while renewing');
      if (events.some((e) => e.type === 'token-renewed')) afterRenewal++;
    }
    const renewed = events.find((e) => e.type === 'token-renewed');
    ensure(renewed, `no renewal within ${Math.round((deadline - Date.now() + 20_000) / 1000)} s of a ${lifetimeS} s token`);
    ensure(renewed.at < first.expiresAt!.getTime(), 'the renewal came after the first token expired');
    ensureEqual(sent(ctx, from, '/token').map((e) => e.status), [200, 200], 'token requests (obtained, renewed)');
    const tokens = sent(ctx, from, '/version').map(bearerOf);
    ensureEqual(new Set(tokens).size, 2, 'distinct tokens presented');
    ensure(tokens.at(-1) !== tokens[0], 'the last calls did not present the renewed token');
    ctx.note(`a ${lifetimeS} s token renewed ${Math.round((first.expiresAt!.getTime() - renewed.at) / 1000)} s before its expiry, over ${tokens.length} calls`);
    await client.logout();
  },
};

export const renewalChecks = [revokedElsewhere, renewal];
