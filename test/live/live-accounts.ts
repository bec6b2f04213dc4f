// The accounts the live suite makes for itself, all named with the run's
// unique prefix: an admin and a user (API keys allowed), and on demand a
// second admin and user with two-factor authentication enabled through the
// API, and API keys. Existing accounts are never touched.
import { randomBytes } from 'node:crypto';
import { Skipped } from './live-check.js';
import { expectStatus, type SetupApi } from './setup-api.js';
import { previousStepCode } from './totp-codes.js';

export type Realm = 'admin' | 'user';

export interface LiveAccount {
  username: string;
  password: string;
  totpSecret?: string;
}

export interface LiveAccounts {
  prefix: string;
  admin: LiveAccount;
  user: LiveAccount;
  /** An account of the realm with 2FA on (for users: on HTTP), made on first use. */
  twoFactor(realm: Realm): Promise<LiveAccount>;
  /** A new API key of the realm, acting as `owner`, or as no one (then the caller adds `.username`). */
  apiKey(realm: Realm, owner?: string): Promise<string>;
}

const password = () => `Live-${randomBytes(12).toString('base64url')}`;

export async function createAccounts(setup: SetupApi, prefix: string, homeBase: string | undefined): Promise<LiveAccounts> {
  async function addUser(username: string): Promise<LiveAccount> {
    const account = { username, password: password() };
    const answer = await setup.admin('POST', '/users', {
      username,
      password: account.password,
      status: 1,
      permissions: { '/': ['*'] },
      filters: { allow_api_key_auth: true },
      ...(homeBase ? { home_dir: `${homeBase.replace(/\/+$/, '')}/${username}` } : {}),
    });
    if (answer.status === 400 && /home_dir/i.test(JSON.stringify(answer.body))) {
      expectStatus(answer, [201], `adding user ${username} (set SFTPGO_LIVE_HOME_DIR to a folder on the server for test users' homes)`);
    }
    expectStatus(answer, [201], `adding user ${username}`);
    setup.remember(`user ${username}`, async () => {
      expectStatus(await setup.admin('DELETE', `/users/${encodeURIComponent(username)}`), [200, 404], `deleting user ${username}`);
    });
    return account;
  }

  async function addAdmin(username: string): Promise<LiveAccount> {
    const account = { username, password: password() };
    const answer = await setup.admin('POST', '/admins', {
      username,
      password: account.password,
      status: 1,
      permissions: ['*'],
      filters: { allow_api_key_auth: true },
    });
    expectStatus(answer, [201], `adding admin ${username}`);
    setup.remember(`admin ${username}`, async () => {
      expectStatus(await setup.admin('DELETE', `/admins/${encodeURIComponent(username)}`), [200, 404], `deleting admin ${username}`);
    });
    return account;
  }

  async function enrol(realm: Realm, account: LiveAccount): Promise<LiveAccount> {
    const token = await setup.tokenFor(realm, account.username, account.password);
    const base = realm === 'admin' ? '/admin/totp' : '/user/totp';
    const configs = expectStatus(await setup.withToken(token, 'GET', `${base}/configs`), [200], 'listing TOTP configurations');
    const config = (configs.body as Array<{ name: string; algo: string }>).find((c) => c.algo === 'sha1');
    if (!config) throw new Skipped('the server has no SHA-1 TOTP configuration (mfa.totp), the only kind authenticator apps and this client make');
    const generated = expectStatus(await setup.withToken(token, 'POST', `${base}/generate`, { config_name: config.name }), [200], 'generating a TOTP secret');
    const secret = generated.body.secret as string;
    // The previous step's code: validating spends it, and a client starting now sends a later one.
    const validate = { config_name: config.name, passcode: previousStepCode(secret), secret };
    expectStatus(await setup.withToken(token, 'POST', `${base}/validate`, validate), [200], 'validating a TOTP code');
    const save = {
      enabled: true,
      config_name: config.name,
      secret: { status: 'Plain', payload: secret },
      ...(realm === 'user' ? { protocols: ['HTTP'] } : {}),
    };
    expectStatus(await setup.withToken(token, 'POST', `${base}/save`, save), [200], 'saving the TOTP configuration');
    await setup.withToken(token, 'GET', realm === 'admin' ? '/logout' : '/user/logout');
    return { ...account, totpSecret: secret };
  }

  const [admin, user] = await Promise.all([addAdmin(`${prefix}admin`), addUser(`${prefix}user`)]);
  const twoFactor: Partial<Record<Realm, Promise<LiveAccount>>> = {};
  let keys = 0;

  return {
    prefix,
    admin,
    user,
    twoFactor(realm) {
      twoFactor[realm] ??= (realm === 'admin' ? addAdmin(`${prefix}admin-2fa`) : addUser(`${prefix}user-2fa`)).then((a) => enrol(realm, a));
      return twoFactor[realm];
    },
    async apiKey(realm, owner) {
      const name = `${prefix}key${++keys}`;
      const body = { name, scope: realm === 'admin' ? 1 : 2, ...(owner ? { [realm]: owner } : {}) };
      const answer = expectStatus(await setup.admin('POST', '/apikeys', body), [201], `adding API key ${name}`);
      const id = answer.headers.get('x-object-id') ?? String(answer.body.key).split('.')[0]!;
      setup.remember(`API key ${name}`, async () => {
        expectStatus(await setup.admin('DELETE', `/apikeys/${encodeURIComponent(id)}`), [200, 404], `deleting API key ${name}`);
      });
      return answer.body.key as string;
    },
  };
}
