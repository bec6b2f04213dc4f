// Everything the SFTPGo stand-in remembers: accounts, API keys, tokens handed
// out and revoked, one-time codes seen, users' files and shares. Routes read
// and change it; nothing here answers HTTP.
import { randomBytes } from 'node:crypto';

export type Realm = 'admin' | 'user';

export interface Account {
  password: string;
  /** Base32 TOTP secret; when set, token requests need a valid X-SFTPGO-OTP. */
  totpSecret?: string;
  /** SFTPGo's `filters.allow_api_key_auth`; unset means true (accounts given in the options). */
  allowApiKeyAuth?: boolean;
  /** SFTPGo's `status: 0`: its logins are refused. */
  disabled?: boolean;
}

/** Who an API key acts as. Without `username`, the key names the account in a third `.username` segment. */
export interface ApiKeyOwner {
  realm: Realm;
  username?: string;
}

/** What `GET /user/profile` shows besides `allow_api_key_auth` (the account's, always shown); SFTPGo leaves empty fields out. */
export interface Profile {
  email?: string;
  description?: string;
  public_keys?: string[];
}

export interface Share {
  id: string;
  username: string;
  name: string;
  /** 1 read, 2 write, 3 read and write, as SFTPGo numbers them. */
  scope: number;
  paths: string[];
  password?: string;
}

export interface StandinState {
  accounts: Record<Realm, Map<string, Account>>;
  /** `<id>.<secret>` -> owner. */
  apiKeys: Map<string, ApiKeyOwner>;
  profiles: Map<string, Profile>;
  /** username -> path -> content. */
  files: Map<string, Map<string, Buffer>>;
  /** username -> folders below the home, `/` always there. */
  dirs: Map<string, Set<string>>;
  shares: Map<string, Share>;
  /** jti -> exp of every token issued, to revoke them all at once. */
  issued: Map<string, number>;
  /** jti -> exp, kept until it would have expired. */
  revoked: Map<string, number>;
  /** `secret_code` -> when it was accepted: SFTPGo refuses a code seen in the last 2 minutes, whoever sent it. */
  usedCodes: Map<string, number>;
  lifetimeSeconds: number;
  signingKey: Buffer;
  clock(): number;
}

export function createState(init: {
  admins?: Record<string, Account>;
  users?: Record<string, Account>;
  apiKeys?: Record<string, ApiKeyOwner>;
  lifetimeSeconds: number;
  clock: () => number;
}): StandinState {
  // The caller's objects themselves: a test may change a password behind the client's back.
  const given = (accounts: Record<string, Account> | undefined) => new Map(Object.entries(accounts ?? {}));
  const users = given(init.users);
  return {
    accounts: { admin: given(init.admins), user: users },
    apiKeys: new Map(Object.entries(init.apiKeys ?? {})),
    // `format: email` in the spec: only usernames that make a plausible address get one.
    profiles: new Map(
      [...users.keys()].map((name) => [
        name,
        { ...(/^[A-Za-z0-9._-]+$/.test(name) ? { email: `${name}@example.com` } : {}), description: `Profile of ${name}` },
      ]),
    ),
    files: new Map(),
    dirs: new Map(),
    shares: new Map(),
    issued: new Map(),
    revoked: new Map(),
    usedCodes: new Map(),
    lifetimeSeconds: init.lifetimeSeconds,
    signingKey: randomBytes(32),
    clock: init.clock,
  };
}

/** Drops entries whose token would have expired (30 s leeway included). */
export function forgetExpired(state: StandinState, jtis: Map<string, number>): void {
  const nowS = state.clock() / 1000;
  for (const [jti, exp] of jtis) if (nowS > exp + 30) jtis.delete(jti);
}

/** A user's files, created on first use. */
export function filesOf(state: StandinState, username: string): Map<string, Buffer> {
  let files = state.files.get(username);
  if (!files) state.files.set(username, (files = new Map()));
  return files;
}

/** An id like SFTPGo's: 22 letters and digits. */
export function uniqueId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(22), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** A user's folders, the home `/` among them. */
export function dirsOf(state: StandinState, username: string): Set<string> {
  let dirs = state.dirs.get(username);
  if (!dirs) state.dirs.set(username, (dirs = new Set(['/'])));
  return dirs;
}

/** SFTPGo's cleaned path: absolute, no `.`/`..`, no trailing slash. */
export function cleanPath(path: string | null): string {
  const parts: string[] = [];
  for (const part of (path ?? '').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}
