// Minimal HS256 JWTs, enough to play SFTPGo: real signatures so a client that
// decodes or forwards tokens sees the genuine article, no library needed.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface JwtClaims {
  aud: string[];
  exp: number;
  iat: number;
  jti: string;
  nbf: number;
  sub: string;
  username: string;
}

const HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

export function signJwt(claims: JwtClaims, key: Buffer): string {
  const signingInput = `${HEADER}.${b64url(JSON.stringify(claims))}`;
  return `${signingInput}.${hmac(signingInput, key)}`;
}

/** The claims when the signature is good, otherwise undefined (malformed, other key, other alg). */
export function verifyJwt(token: string, key: Buffer): JwtClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  try {
    const alg = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown }).alg;
    if (alg !== 'HS256') return undefined;
    const expected = Buffer.from(hmac(`${header}.${payload}`, key));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as JwtClaims;
  } catch {
    return undefined;
  }
}

function hmac(input: string, key: Buffer): string {
  return createHmac('sha256', key).update(input).digest('base64url');
}

function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
