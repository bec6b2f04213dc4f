/**
 * The check at the end of `npm test` (issue 14): every request the run sent
 * and every string the package produced, searched for the configured secrets.
 * A secret may appear only in the header that carries it to an operation that
 * takes it:
 *
 * - a password, inside `Authorization: Basic` to a token operation;
 * - a one-time code, in `X-SFTPGO-OTP` to a token operation;
 * - an API key, in `X-SFTPGO-API-KEY` to an operation that is neither a token nor a logout;
 * - a token, in `Authorization: Bearer` to any but a token operation, and on
 *   the standard output of `sftpgo-token get`, whose job is to print it;
 * - a TOTP secret, nowhere.
 *
 * Anywhere else (a URL, a body, another header, an error, an event, the
 * command's output) is a leak. A secret counts when it appears whole or by any
 * 8 characters of it in a row, so that a cut-off excerpt (JSON.parse quotes
 * ten characters of the text around its error) is caught too.
 */
import type { Secret, SecretKind } from './secrets.js';

export type RecordedItem =
  | { t: 'request'; where: string; method: string; url: string; headers: Record<string, string>; body?: string }
  | { t: 'text'; source: string; text: string }
  | { t: 'secret'; secret: Secret };

export interface Leak {
  secret: string;
  kind: SecretKind;
  /** Where it was found: the record's origin and the part of it. */
  where: string;
  /** A few characters either side, to find the culprit. */
  excerpt: string;
}

const WINDOW = 8;

export function findSecretLeaks(items: Iterable<RecordedItem>, configured: Secret[]): Leak[] {
  const all = [...items];
  const secrets = [...configured, ...all.flatMap((item) => (item.t === 'secret' ? [item.secret] : []))];
  const index = indexSecrets(secrets);
  const leaks: Leak[] = [];
  const seen = new Set<string>();
  for (const item of all) {
    if (item.t === 'secret') continue;
    for (const place of placesOf(item)) {
      for (const [secret, at] of index.scan(place.text)) {
        if (place.allows(secret.kind)) continue;
        const key = `${secret.name}\u0000${place.where}`;
        if (seen.has(key)) continue;
        seen.add(key);
        leaks.push({ secret: secret.name, kind: secret.kind, where: place.where, excerpt: place.text.slice(Math.max(0, at - 20), at + 40) });
      }
    }
  }
  return leaks;
}

interface Place {
  where: string;
  text: string;
  allows(kind: SecretKind): boolean;
}

const nothing = () => false;

function placesOf(item: Exclude<RecordedItem, { t: 'secret' }>): Place[] {
  if (item.t === 'text') {
    const printsToken = item.source === 'cli-stdout:get';
    return [{ where: item.source, text: item.text, allows: (kind) => printsToken && kind === 'token' }];
  }
  const path = pathOf(item.url);
  const tokenOperation = /\/token$/.test(path);
  const logout = /\/logout$/.test(path);
  const where = `${item.where}: ${item.method} ${path}`;
  const places: Place[] = [
    { where: `${where} (URL)`, text: item.url, allows: nothing },
    { where: `${where} (URL, decoded)`, text: safeDecode(item.url), allows: nothing },
    { where: `${where} (body)`, text: item.body ?? '', allows: nothing },
  ];
  for (const [name, value] of Object.entries(item.headers)) {
    const header = name.toLowerCase();
    const basic = header === 'authorization' ? /^Basic\s+(\S+)$/i.exec(value) : null;
    const bearer = header === 'authorization' && /^Bearer\s/i.test(value);
    let allows: (kind: SecretKind) => boolean = nothing;
    if (bearer) allows = (kind) => kind === 'token' && !tokenOperation;
    if (header === 'x-sftpgo-otp') allows = (kind) => kind === 'otp' && tokenOperation;
    if (header === 'x-sftpgo-api-key') allows = (kind) => kind === 'apiKey' && !tokenOperation && !logout;
    places.push({ where: `${where} (header ${header})`, text: value, allows });
    if (basic) {
      places.push({ where: `${where} (header authorization, Basic decoded)`, text: decodeBase64(basic[1]!), allows: (kind) => kind === 'password' && tokenOperation });
    }
  }
  return places;
}

/** Finds every configured secret in a text in one pass over it. */
function indexSecrets(secrets: Secret[]) {
  const byWindow = new Map<string, Secret[]>();
  const short: Secret[] = [];
  for (const secret of secrets) {
    if (secret.value.length < WINDOW) {
      // Too short to cut; a short secret matches only whole (the tests' secrets are all longer).
      if (secret.value !== '') short.push(secret);
      continue;
    }
    for (let i = 0; i + WINDOW <= secret.value.length; i++) {
      const window = secret.value.slice(i, i + WINDOW);
      const list = byWindow.get(window) ?? [];
      if (!list.includes(secret)) list.push(secret);
      byWindow.set(window, list);
    }
  }
  return {
    *scan(text: string): Generator<[Secret, number]> {
      const found = new Set<Secret>();
      for (let i = 0; i + WINDOW <= text.length; i++) {
        const hits = byWindow.get(text.slice(i, i + WINDOW));
        if (!hits) continue;
        for (const secret of hits) {
          if (found.has(secret)) continue;
          found.add(secret);
          yield [secret, i];
        }
      }
      for (const secret of short) {
        const at = text.indexOf(secret.value);
        if (at >= 0 && !found.has(secret)) yield [secret, at];
      }
    },
  };
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function decodeBase64(text: string): string {
  return Buffer.from(text, 'base64').toString('utf8');
}
