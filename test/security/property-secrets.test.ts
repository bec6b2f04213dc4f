/**
 * Issue 14, property: any secret (passwords, one-time codes, TOTP secrets,
 * API keys, tokens, of arbitrary characters) never appears in an error's
 * message, String, stack, util.inspect or JSON.stringify, in the client's
 * util.inspect or JSON.stringify, in tokenInfo, or in an event, whichever way
 * the calls fail. test/security/secrets.test.ts does the same with fixed secrets over
 * every failure path of the fault server; here the secrets are anything.
 */
import { inspect } from 'node:util';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSftpgoClient, type SftpgoClientOptions } from '../../src/index.js';
import { PROPERTY_TIMEOUT_MS, propertyParameters } from '../support/fast-check-settings.js';
import { rfc3339, scriptedFetch, type ScriptedAnswer } from '../support/scripted-fetch.js';
import { SECRETS } from '../support/secrets.js';

interface Secrets {
  adminPassword: string;
  userPassword: string;
  otp: string;
  totpSecret: string;
  apiKey: string;
  accessToken: string;
  /** What the server hands out as tokens. */
  issued: string;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): ScriptedAnswer => ({
  status,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  headers: { 'content-type': 'application/json', date: new Date().toUTCString(), ...headers },
});
const refused = json(401, { message: 'Unauthorized', error: 'invalid credentials' });
const token = (accessToken: string, expiresAt = rfc3339(Date.now() + 3_600_000)) => json(200, { access_token: accessToken, expires_at: expiresAt });

/** Every view of every value a user can see, from a client given these secrets whose every call fails some way. */
async function produced(secrets: Secrets): Promise<string[]> {
  const views: string[] = [];
  const see = (value: unknown) => {
    const error = value as Error;
    views.push(String(error?.message), String(value), String(error?.stack), inspect(value, { showHidden: true, depth: 10 }));
    try {
      views.push(JSON.stringify(value) ?? '');
    } catch {
      views.push('(JSON.stringify threw)');
    }
  };
  const make = (options: Omit<SftpgoClientOptions, 'baseUrl' | 'fetch' | 'onEvent' | 'retry'>, answer: (path: string, n: number) => ScriptedAnswer) => {
    const counts = new Map<string, number>();
    const server = scriptedFetch((sent) => {
      const n = counts.get(sent.path) ?? 0;
      counts.set(sent.path, n + 1);
      return answer(sent.path.replace(/^\/api\/v2/, ''), n);
    });
    try {
      return createSftpgoClient({ baseUrl: 'http://127.0.0.1:9/api/v2', fetch: server.fetch, onEvent: see, retry: false, ...options });
    } catch (error) {
      see(error);
      return undefined;
    }
  };
  const settle = async (call: () => Promise<unknown>) => {
    await call().catch(see);
  };

  // Passwords and a code string; token answers that are refused, unusable, garbled, then usable and revoked.
  const accounts = make(
    { admin: { username: 'admin', password: secrets.adminPassword, otp: secrets.otp }, user: { username: 'alice', password: secrets.userPassword } },
    (path, n) => {
      if (path === '/token') return n === 0 ? refused : token(secrets.issued, '2099');
      if (path === '/user/token') return [token(secrets.issued, '12/31/2099'), json(200, `{"access_token":"${secrets.issued}`), token(secrets.issued), token(`${secrets.issued}2`)][n] ?? refused;
      if (path === '/user/profile') return n === 0 ? json(401, { message: 'Your token is no longer valid' }) : json(200, {});
      return json(500, { message: 'Internal Server Error' });
    },
  );
  if (accounts) {
    await settle(() => accounts.getToken()); // 401
    await settle(() => accounts.getToken()); // the code string was spent
    await settle(() => accounts.getUserToken()); // expires_at not RFC 3339
    await settle(() => accounts.getUserToken()); // a cut JSON body holding the token
    await settle(() => accounts.GET('/user/profile')); // a usable token (if a header can carry it), a 401, the replay
    views.push(JSON.stringify(accounts.tokenInfo('user')) ?? '');
    await settle(() => accounts.clientLogout()); // 500
    see(accounts);
  }

  // A TOTP secret: one code (two within a step would make the third wait for the next step).
  const twoFactor = make({ user: { username: 'alice', password: secrets.userPassword, totpSecret: secrets.totpSecret } }, (path) =>
    path === '/healthz' ? { status: 200, body: 'ok', headers: { date: new Date().toUTCString() } } : refused,
  );
  if (twoFactor) {
    await settle(() => twoFactor.GET('/user/profile'));
    see(twoFactor);
  }

  // A static token and an API key: refused options, resets, a rejected token with nothing to renew it, a failed logout.
  const keyed = make({ accessToken: secrets.accessToken, apiKey: secrets.apiKey }, () => ({ network: 'reset' }));
  if (keyed) {
    await settle(() => keyed.GET('/version'));
    await settle(() => keyed.logout());
    see(keyed);
  }
  const bearer = make({ accessToken: secrets.accessToken }, (path) => (path === '/version' ? json(401, { message: 'Your token is no longer valid' }) : json(500, {})));
  if (bearer) {
    await settle(() => bearer.GET('/version'));
    views.push(JSON.stringify(bearer.tokenInfo('admin')) ?? '');
    see(bearer);
  }
  return views;
}

const NEUTRAL: Secrets = {
  adminPassword: SECRETS.adminPassword,
  userPassword: SECRETS.userPassword,
  otp: '123456',
  totpSecret: SECRETS.totpSecret,
  apiKey: SECRETS.apiKey,
  accessToken: SECRETS.accessToken,
  issued: 'hdr.neutral.sig',
};
/** The same with characters a header cannot carry, for the paths that refuse them. */
const NEUTRAL_UNSAFE: Secrets = Object.fromEntries(Object.entries(NEUTRAL).map(([name, value]) => [name, `${value}\n é`])) as unknown as Secrets;

const anySecret = fc.oneof(
  fc.string({ unit: 'binary', minLength: 8, maxLength: 32 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 8, maxLength: 32 }),
  fc.stringMatching(/^[\w-]{6,16}\.[\w-]{6,16}\.[\w-]{6,16}$/),
);
const secrets: fc.Arbitrary<Secrets> = fc.record({
  adminPassword: anySecret,
  userPassword: anySecret,
  otp: fc.oneof(anySecret, fc.stringMatching(/^\d{6}$/)),
  // Base32 ones are taken and make codes; others are refused as options.
  totpSecret: fc.oneof(fc.stringMatching(/^[A-Z2-7]{16,32}$/), anySecret),
  apiKey: fc.oneof(anySecret, fc.stringMatching(/^[\w-]{4,8}\.[\w-]{8,24}$/)),
  accessToken: anySecret,
  issued: anySecret,
});

/** What a client says whatever its secrets: a secret found in it proves nothing. */
let baseline = '';
beforeAll(async () => {
  baseline = [...(await produced(NEUTRAL)), ...(await produced(NEUTRAL_UNSAFE))].join('\n');
});

describe('secrets, any at all', () => {
  it(
    'any secret (passwords, codes, keys, tokens of arbitrary characters) never appears in an error message, util.inspect, JSON.stringify of anything exported, or an event',
    async () => {
      await fc.assert(
        fc.asyncProperty(secrets, async (given) => {
          // A secret that the client's own words contain ("sftpgo-client", "at async") cannot be told apart.
          fc.pre(Object.values(given).every((secret) => !baseline.includes(secret)));
          const views = await produced(given);
          for (const [name, secret] of Object.entries(given)) {
            const shown = views.find((view) => view.includes(secret));
            expect(shown, `${name} appears`).toBeUndefined();
          }
        }),
        propertyParameters(),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
