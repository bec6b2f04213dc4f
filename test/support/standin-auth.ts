// How the SFTPGo stand-in authenticates, in SFTPGo's order and words: token
// requests with Basic credentials and one-time codes, API keys (which win over
// a bearer token when both are sent), then bearer tokens: signature and expiry,
// revocation, audience, client address.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { signJwt, verifyJwt, type JwtClaims } from './jwt.js';
import { registerSecret } from './secret-recorder.js';
import { totpCodeAtStep, totpStep } from './totp.js';
import { apiResponse, BASIC_CHALLENGE, json, type Reply } from './standin-reply.js';
import { forgetExpired, type Realm, type StandinState } from './standin-state.js';

/** Who a request acts as. `viaApiKey`: no bearer token, so logout and the like refuse it. */
export interface Principal {
  realm: Realm;
  username: string;
  claims?: JwtClaims;
  viaApiKey?: boolean;
}

// SFTPGo accepts tokens 30 s past exp, and sets nbf 10 s before iat.
const LEEWAY_S = 30;
const NBF_BEFORE_IAT_S = 10;
const OTP_REUSE_MS = 2 * 60_000;
export const AUDIENCE: Record<Realm, string> = { admin: 'API', user: 'APIUser' };

export function clientAddress(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
}

export function issueToken(state: StandinState, req: IncomingMessage, realm: Realm): Reply {
  const creds = parseBasic(req.headers.authorization);
  if (!creds) return apiResponse(401, 'Unauthorized', undefined, BASIC_CHALLENGE);
  // SFTPGo's user token path refuses an empty username or password before looking anything up.
  if (realm === 'user' && (creds.username === '' || creds.password.trim() === '')) {
    return apiResponse(401, 'Unauthorized', undefined, BASIC_CHALLENGE);
  }
  const bad = apiResponse(401, 'Unauthorized', 'invalid credentials', BASIC_CHALLENGE);
  const account = state.accounts[realm].get(creds.username);
  if (!account || account.disabled || account.password !== creds.password) return bad;
  if (account.totpSecret !== undefined) {
    const otp = req.headers['x-sftpgo-otp'];
    if (typeof otp !== 'string' || !acceptOtp(state, account.totpSecret, otp)) return bad;
  }
  const iat = Math.floor(state.clock() / 1000);
  const claims: JwtClaims = {
    aud: [AUDIENCE[realm], clientAddress(req)],
    exp: iat + state.lifetimeSeconds,
    iat,
    jti: randomBytes(12).toString('hex'),
    nbf: iat - NBF_BEFORE_IAT_S,
    sub: String(iat),
    username: creds.username,
  };
  forgetExpired(state, state.issued);
  state.issued.set(claims.jti, claims.exp);
  const expiresAt = new Date(claims.exp * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const token = signJwt(claims, state.signingKey);
  // Its signature is the secret part: the secret recorder looks for it everywhere.
  registerSecret('token', token.slice(token.lastIndexOf('.') + 1), 'a token the SFTPGo stand-in issued');
  return json(200, { access_token: token, expires_at: expiresAt });
}

/** RFC 6238 with one step of skew either way, as SFTPGo; a code is refused for 2 minutes once accepted. */
export function acceptOtp(state: StandinState, secret: string, code: string): boolean {
  const t = state.clock();
  const step = totpStep(t);
  for (const [seen, at] of state.usedCodes) if (t - at >= OTP_REUSE_MS) state.usedCodes.delete(seen);
  const key = `${secret}_${code}`;
  if (state.usedCodes.has(key)) return false;
  if (![step - 1, step, step + 1].some((s) => totpCodeAtStep(secret, s) === code)) return false;
  state.usedCodes.set(key, t);
  return true;
}

export function authenticate(state: StandinState, req: IncomingMessage, realm: Realm, onExpired: () => void): Principal | Reply {
  const apiKey = req.headers['x-sftpgo-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return authenticateApiKey(state, apiKey, realm);
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!match) return apiResponse(401, 'Unauthorized', 'no token found');
  const claims = verifyJwt(match[1]!, state.signingKey);
  // SFTPGo drops a token it cannot parse or verify, then finds none.
  if (!claims) return apiResponse(401, 'Unauthorized', 'no token found');
  const t = state.clock();
  if (t > claims.exp * 1000) onExpired();
  // Expired or not yet valid: dropped like a bad signature, so "no token found" too.
  if (t > (claims.exp + LEEWAY_S) * 1000 || t < (claims.nbf - LEEWAY_S) * 1000) return apiResponse(401, 'Unauthorized', 'no token found');
  // Revocation is looked at before the audience: a revoked token of the other realm is "no longer valid".
  if (state.revoked.has(claims.jti)) return apiResponse(401, 'Your token is no longer valid');
  if (!claims.aud.includes(AUDIENCE[realm])) return apiResponse(401, 'Your token audience is not valid');
  if (!claims.aud.includes(clientAddress(req))) return apiResponse(401, 'Your token is not valid');
  return { realm, username: claims.username, claims };
}

function authenticateApiKey(state: StandinState, apiKey: string, realm: Realm): Principal | Reply {
  const [id, secret, suffix] = splitKey(apiKey);
  const notValid = apiResponse(400, '', 'the provided api key is not valid');
  if (secret === undefined) return notValid;
  const entry = [...state.apiKeys].find(([key]) => key.split('.')[0] === id);
  if (!entry) return notValid;
  const [key, owner] = entry;
  if (owner.realm !== realm) return apiResponse(403, '', 'the provided api key is invalid for this request');
  if (key !== `${id}.${secret}`) return apiResponse(401, '', 'the provided api key cannot be authenticated');
  const username = owner.username ?? suffix ?? '';
  const account = state.accounts[realm].get(username);
  if (!account || account.allowApiKeyAuth === false) {
    return apiResponse(401, '', `the ${realm} associated with the provided api key cannot be authenticated`);
  }
  return { realm, username, viaApiKey: true };
}

/** `<id>.<secret>[.<username>]`; the username may itself contain dots. */
function splitKey(apiKey: string): [string, string | undefined, string | undefined] {
  const first = apiKey.indexOf('.');
  if (first < 0) return [apiKey, undefined, undefined];
  const second = apiKey.indexOf('.', first + 1);
  if (second < 0) return [apiKey.slice(0, first), apiKey.slice(first + 1), undefined];
  return [apiKey.slice(0, first), apiKey.slice(first + 1, second), apiKey.slice(second + 1)];
}

/** `Authorization: Basic base64(user:password)`, or undefined when missing or malformed. */
export function parseBasic(header: string | undefined): { username: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
