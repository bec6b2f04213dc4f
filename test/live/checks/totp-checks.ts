// Live checks of two-factor authentication, enabled through the API for a
// test user and a test admin: the client renews twice within one 30 s step
// (the second request sends the next step's code), then a third time after
// waiting for the next step; a code already used is refused with a typed 401
// that names no secret.
import { SftpgoApiError, type Token } from '../../../src/index.js';
import type { Realm } from '../live-accounts.js';
import { ensure, ensureEqual, ensureNoSecret, rejection, type LiveCheck, type LiveContext } from '../live-check.js';
import { msLeftInStep } from '../totp-codes.js';
import { everythingShown } from './credential-checks.js';
import { sent } from './token-checks.js';

const STEP_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function checkTwoFactor(ctx: LiveContext, realm: Realm): Promise<void> {
  const account = await ctx.accounts.twoFactor(realm);
  const tokenPath = realm === 'admin' ? '/token' : '/user/token';
  const probe = realm === 'admin' ? '/version' : '/user/profile';
  // Two requests must fit in one step: start early in one.
  if (msLeftInStep() < 8_000) await sleep(msLeftInStep() + 500);
  const client = ctx.client({ [realm]: account });
  const get = (init?: { otp?: string }) => (realm === 'admin' ? client.getToken(init) : client.getUserToken(init));

  const from = ctx.wire.entries.length;
  const tokens: Token[] = [];
  for (let i = 0; i < 3; i++) tokens.push(await get());
  const requests = sent(ctx, from, tokenPath);
  ensureEqual(requests.map((e) => e.status), [200, 200, 200], 'the three token requests');
  const codes = requests.map((e) => e.headers['x-sftpgo-otp']);
  ensure(codes.every((c) => /^\d{6}$/.test(c ?? '')), 'a token request carried no six-digit code');
  ensureEqual(new Set(codes).size, 3, 'distinct codes sent');
  const steps = requests.map((e) => Math.floor(e.wallAt / STEP_MS));
  ensure(steps[0] === steps[1], 'the first two token requests were not within one 30 s step');
  ensure(steps[2]! > steps[0]!, 'the third token request did not wait for the next step');
  for (const token of tokens) {
    const answer = await ctx.raw(probe, { headers: { authorization: `Bearer ${token.access_token}` } });
    ensureEqual(answer.status, 200, `GET ${probe} with a 2FA token`);
  }
  ctx.note(`two tokens in one step, the third ${Math.round((requests[2]!.wallAt - requests[1]!.wallAt) / 1000)} s later in the next`);

  // The first code again: already used, so refused, and said without the code, password or secret.
  const reused = ctx.client({ [realm]: { username: account.username, password: account.password } });
  const before = ctx.wire.entries.length;
  const ask = realm === 'admin' ? reused.getToken({ otp: codes[0]! }) : reused.getUserToken({ otp: codes[0]! });
  const error = await rejection(ask, 'a token request with a used code');
  ensure(error instanceof SftpgoApiError, `the used code rejected with ${(error as Error)?.name}, not SftpgoApiError`);
  ensureEqual(error.status, 401, 'status for a used code');
  ensureEqual(sent(ctx, before).map((e) => e.status), [401], 'requests with the used code (not retried)');
  ensureNoSecret(everythingShown(error), [...codes, account.password, account.totpSecret], 'the error for a used code');

  for (const token of tokens) await ctx.raw(realm === 'admin' ? '/logout' : '/user/logout', { headers: { authorization: `Bearer ${token.access_token}` } });
}

const totpUser: LiveCheck = {
  name: 'totp-user',
  title: '2FA user: two tokens within one 30 s step, then a third; a used code is a typed 401 naming no secret',
  run: (ctx) => checkTwoFactor(ctx, 'user'),
};

const totpAdmin: LiveCheck = {
  name: 'totp-admin',
  title: '2FA admin: two tokens within one 30 s step, then a third; a used code is a typed 401 naming no secret',
  run: (ctx) => checkTwoFactor(ctx, 'admin'),
};

export const totpChecks = [totpUser, totpAdmin];
