// Live checks of credentials other than tokens: API keys, with and without
// the `.username` suffix, where the spec takes them and nowhere else; and a
// wrong password, a typed 401 sent once, naming no secret.
import { inspect } from 'node:util';
import { SftpgoApiError } from '../../../src/index.js';
import { ensure, ensureEqual, ensureNoSecret, rejection, type LiveCheck, type LiveContext } from '../live-check.js';
import { sent } from './token-checks.js';

/** Everything an error shows of itself: message, stack, inspect, JSON. */
export function everythingShown(error: unknown): string {
  return [String(error), (error as Error)?.stack ?? '', inspect(error, { depth: 5 }), JSON.stringify(error) ?? ''].join('\n');
}

async function direct(ctx: LiveContext, path: string, headers: Record<string, string>) {
  return ctx.raw(path, { headers, direct: true });
}

const apiKey: LiveCheck = {
  name: 'api-key',
  title: 'an API key, with and without the .username suffix, replaces tokens where the spec allows; token and logout refuse it',
  async run(ctx) {
    const { admin, user } = ctx.accounts;
    const owned = await ctx.accounts.apiKey('admin', admin.username);
    const unowned = await ctx.accounts.apiKey('admin');
    for (const [what, key] of [['a key of the admin', owned], ['a key of no one with .username', `${unowned}.${admin.username}`]] as const) {
      // Credentials configured too: where a key is accepted, it wins.
      const client = ctx.client({ apiKey: key, admin });
      const from = ctx.wire.entries.length;
      ensureEqual((await client.GET('/version')).response.status, 200, `${what}: GET /version`);
      const wire = sent(ctx, from);
      ensureEqual(wire.map((e) => [e.path, e.headers['x-sftpgo-api-key'] === key, e.headers.authorization ?? null]), [['/version', true, null]], `${what}: requests`);
    }

    // The token and logout operations never get the key, and the server refuses one there.
    const client = ctx.client({ apiKey: owned, admin });
    const from = ctx.wire.entries.length;
    await client.getToken();
    ensure(await client.logout() === undefined, 'logout with only an API key sent something');
    const wire = sent(ctx, from);
    ensureEqual(wire.map((e) => [e.path, e.headers['x-sftpgo-api-key'] ?? null, (e.headers.authorization ?? '').split(' ')[0]]), [['/token', null, 'Basic']], 'requests of getToken() and logout()');
    // Straight to the server: Prism would refuse these itself, not letting the server speak.
    const refusals = [
      await direct(ctx, '/logout', { 'X-SFTPGO-API-KEY': owned }),
      await direct(ctx, '/token', { 'X-SFTPGO-API-KEY': owned }),
    ].map((r) => r.status);
    ensureEqual(refusals, [403, 401], 'the server on GET /logout and GET /token with only an API key');

    // SFTPGo refuses keys on the user profile: the client uses a user token there.
    const userKey = await ctx.accounts.apiKey('user', user.username);
    const onProfile = await direct(ctx, '/user/profile', { 'X-SFTPGO-API-KEY': userKey });
    ensureEqual(onProfile.status, 403, 'the server on GET /user/profile with a user API key');
    const profileClient = ctx.client({ apiKey: userKey, user });
    const start = ctx.wire.entries.length;
    ensureEqual((await profileClient.GET('/user/profile')).response.status, 200, 'GET /user/profile with a key and user credentials');
    ensure(sent(ctx, start).every((e) => e.headers['x-sftpgo-api-key'] === undefined), 'the key went to /user/profile');
    await profileClient.clientLogout();
  },
};

const wrongPassword: LiveCheck = {
  name: 'wrong-password',
  title: 'a wrong password is a typed 401, sent once, with no secret in any message',
  async run(ctx) {
    const { admin } = ctx.accounts;
    const wrong = `${admin.password}-wrong`;
    const secrets = [wrong, admin.password, Buffer.from(`${admin.username}:${wrong}`).toString('base64')];
    const client = ctx.client({ admin: { username: admin.username, password: wrong } });
    for (const [what, call] of [['GET /version', () => client.GET('/version')], ['getToken()', () => client.getToken()]] as const) {
      const from = ctx.wire.entries.length;
      const error = await rejection(call(), what);
      ensure(error instanceof SftpgoApiError, `${what} rejected with ${(error as Error)?.name}, not SftpgoApiError`);
      ensureEqual([error.status, error.path], [401, '/token'], `${what}: status and path of the error`);
      ensureEqual(sent(ctx, from).map((e) => `${e.path} ${e.status}`), ['/token 401'], `${what}: requests`);
      ensureNoSecret(everythingShown(error), secrets, `the error of ${what}`);
      if (what === 'getToken()') ctx.note(`message: ${error.message}`);
    }
  },
};

export const credentialChecks = [apiKey, wrongPassword];
