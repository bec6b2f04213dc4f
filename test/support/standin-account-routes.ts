// The stand-in's routes about one's own account: tokens, logout, the server
// version, the user profile and two-factor enrolment, with SFTPGo's answers.
import { randomBytes } from 'node:crypto';
import { acceptOtp, issueToken } from './standin-auth.js';
import { apiResponse, json, type Reply } from './standin-reply.js';
import { jsonBody, type Route, type RouteContext } from './standin-route.js';
import { forgetExpired, type Realm } from './standin-state.js';

export const VERSION = {
  version: '2.7.5',
  build_date: '2026-01-10T17:22:41Z',
  commit_hash: '8c4f5a1',
  features: ['+metrics', '+unixcrypt', '+portable'],
};

/** The one TOTP configuration the stand-in offers, as SFTPGo's `mfa.totp` default. */
const TOTP_CONFIG = { name: 'Default', issuer: 'SFTPGo', algo: 'sha1' };

function logout(ctx: RouteContext): Reply {
  forgetExpired(ctx.state, ctx.state.revoked);
  ctx.state.revoked.set(ctx.who.claims!.jti, ctx.who.claims!.exp);
  return apiResponse(200, 'Your token has been invalidated');
}

function profile(ctx: RouteContext): Reply {
  const stored = ctx.state.profiles.get(ctx.who.username) ?? {};
  const account = ctx.state.accounts.user.get(ctx.who.username);
  // allow_api_key_auth is always there, even false.
  return json(200, { ...stored, allow_api_key_auth: account !== undefined && account.allowApiKeyAuth !== false });
}

function updateProfile(ctx: RouteContext): Reply {
  const body = jsonBody(ctx);
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const keys = Array.isArray(body.public_keys) ? body.public_keys.filter((k): k is string => typeof k === 'string') : [];
  ctx.state.profiles.set(ctx.who.username, {
    ...(text(body.email) ? { email: text(body.email)! } : {}),
    ...(text(body.description) ? { description: text(body.description)! } : {}),
    ...(keys.length ? { public_keys: keys } : {}),
  });
  const account = ctx.state.accounts.user.get(ctx.who.username);
  if (account) account.allowApiKeyAuth = body.allow_api_key_auth === true;
  return apiResponse(200, 'Profile updated');
}

function generateSecret(ctx: RouteContext, realm: Realm): Reply {
  const body = jsonBody(ctx);
  if (body.config_name !== TOTP_CONFIG.name) return apiResponse(400, '', `totp: no configuration ${JSON.stringify(body.config_name)}`);
  const secret = base32(randomBytes(20));
  const account = encodeURIComponent(`${realm === 'admin' ? 'Admin' : 'User'} "${ctx.who.username}"`);
  return json(200, {
    config_name: TOTP_CONFIG.name,
    issuer: TOTP_CONFIG.issuer,
    secret,
    url: `otpauth://totp/${TOTP_CONFIG.issuer}:${account}?algorithm=SHA1&digits=6&issuer=${TOTP_CONFIG.issuer}&period=30&secret=${secret}`,
    // SFTPGo sends a PNG; the stand-in has none to draw.
    qr_code: Buffer.from('no QR code in the stand-in').toString('base64'),
  });
}

function validatePasscode(ctx: RouteContext): Reply {
  const body = jsonBody(ctx);
  if (body.config_name !== TOTP_CONFIG.name) return apiResponse(400, 'Invalid passcode', `totp: no configuration ${JSON.stringify(body.config_name)}`);
  const ok = typeof body.secret === 'string' && typeof body.passcode === 'string' && acceptOtp(ctx.state, body.secret, body.passcode);
  return ok ? apiResponse(200, 'Passcode successfully validated') : apiResponse(400, 'Invalid passcode');
}

function saveConfig(ctx: RouteContext, realm: Realm): Reply {
  const body = jsonBody(ctx);
  const account = ctx.state.accounts[realm].get(ctx.who.username);
  if (!account) return apiResponse(404, '', 'Not Found');
  const secret = body.secret as { status?: unknown; payload?: unknown } | undefined;
  const protocols = Array.isArray(body.protocols) ? body.protocols : [];
  if (body.enabled !== true) {
    delete account.totpSecret;
  } else {
    if (secret?.status !== 'Plain' || typeof secret.payload !== 'string' || secret.payload === '') {
      return apiResponse(400, '', 'Validation error: totp: secret is mandatory');
    }
    // Users answer a code on /user/token only when 2FA covers HTTP.
    if (realm === 'admin' || protocols.includes('HTTP')) account.totpSecret = secret.payload;
    else delete account.totpSecret;
  }
  return apiResponse(200, 'TOTP configuration saved');
}

function base32(bytes: Buffer): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return bits > 0 ? out + alphabet[(value << (5 - bits)) & 31] : out;
}

function realmRoutes(realm: Realm): Route[] {
  const base = realm === 'admin' ? '' : '/user';
  const bearerOnly = { kind: 'bearer', realm, apiKeys: false } as const;
  const totp = realm === 'admin' ? '/admin/totp' : '/user/totp';
  return [
    { method: 'GET', path: `${base}/token`, auth: { kind: 'token', realm }, handle: (ctx) => issueToken(ctx.state, ctx.req, realm) },
    { method: 'GET', path: `${base}/logout`, auth: bearerOnly, handle: logout },
    { method: 'GET', path: `${totp}/configs`, auth: bearerOnly, handle: () => json(200, [TOTP_CONFIG]) },
    { method: 'POST', path: `${totp}/generate`, auth: bearerOnly, handle: (ctx) => generateSecret(ctx, realm) },
    { method: 'POST', path: `${totp}/validate`, auth: bearerOnly, handle: validatePasscode },
    { method: 'POST', path: `${totp}/save`, auth: bearerOnly, handle: (ctx) => saveConfig(ctx, realm) },
  ];
}

export const accountRoutes: Route[] = [
  ...realmRoutes('admin'),
  ...realmRoutes('user'),
  { method: 'GET', path: '/version', auth: { kind: 'bearer', realm: 'admin', apiKeys: true }, handle: () => json(200, VERSION) },
  // SFTPGo refuses API keys on the profile, though its default security would allow them.
  { method: 'GET', path: '/user/profile', auth: { kind: 'bearer', realm: 'user', apiKeys: false }, handle: profile },
  { method: 'PUT', path: '/user/profile', auth: { kind: 'bearer', realm: 'user', apiKeys: false }, handle: updateProfile },
];

/** What a bearer-only route answers to an API key. */
export const API_KEY_REFUSED = apiResponse(403, 'API key authentication is not allowed');
