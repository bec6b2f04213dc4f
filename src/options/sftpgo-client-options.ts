import type { SecurityMap } from '../auth/security-map.js';

/** SFTPGo's two token audiences: admin paths and `/user/...` paths. */
export type Realm = 'admin' | 'user';

/**
 * A one-time code: a fixed string (good for one token request only), or a
 * function asked for every token request (sync or async).
 *
 * @example
 * otp: () => prompt('SFTPGo code')
 */
export type OtpOption = string | (() => string | Promise<string>);

/**
 * The account a realm's tokens are obtained for.
 *
 * @example
 * admin: { username: 'admin', password: process.env.SFTPGO_PASSWORD!, totpSecret: process.env.SFTPGO_TOTP_SECRET }
 */
export interface RealmCredentials {
  username: string;
  password: string;
  /** Sent as `X-SFTPGO-OTP` on token requests. A string is spent by its first token request. */
  otp?: OtpOption;
  /**
   * The base32 TOTP secret of the account (RFC 6238: 6 digits, 30 s, SHA-1). The
   * client makes a code for every token request and never sends one twice: SFTPGo
   * rejects a code it has seen, so a second renewal within a step sends the next
   * step's code. Takes precedence over `otp`.
   */
  totpSecret?: string;
}

/**
 * Retries of one request: network errors, 429, 502, 503 and 504, with full-jitter
 * exponential backoff and `Retry-After`. Never 401 or 403.
 *
 * @example
 * retry: { limit: 4, maxRetryAfterMs: 120_000 }
 */
export interface RetryOptions {
  /** How many retries after the first attempt. Default 2. */
  limit?: number;
  /** The first backoff ceiling; doubles per retry. Default 300 ms. */
  baseDelayMs?: number;
  /** The largest backoff ceiling. Default 10 s. */
  maxDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for: the answer is returned. Default 60 s. */
  maxRetryAfterMs?: number;
}

/** What the `onEvent` hook hears. Never a token, password or code. */
export interface TokenEvent {
  type: 'token-obtained' | 'token-renewed' | 'token-dropped' | 'token-failed';
  realm: Realm;
  /** When the token stops being used, on this machine's clock (obtained and renewed). */
  expiresAt?: Date;
  /** Why a token was dropped or a token request failed. */
  reason?: 'logout' | 'rejected' | 'expired' | 'error';
}

/** What `tokenInfo(realm)` tells about the token held for a realm. */
export interface TokenInfo {
  /** When the server stops accepting it, on this machine's clock (unknown for a static token). */
  expiresAt?: Date;
  /** From when on the next call renews it (a static token is never renewed). */
  renewAt?: Date;
  /** `static` for an `accessToken` given in the options. */
  source: 'obtained' | 'static';
}

export interface SftpgoClientOptions {
  /**
   * The API root, SFTPGo's `/api/v2`.
   * @example 'https://sftpgo.example.com/api/v2'
   */
  baseUrl: string;
  /** The admin whose tokens admin operations use. */
  admin?: RealmCredentials;
  /** The user whose tokens `/user/...` operations use. */
  user?: RealmCredentials;
  /**
   * An SFTPGo API key (`<id>.<secret>`, or `<id>.<secret>.<username>` to act as
   * someone). Used instead of a token wherever an operation accepts API keys.
   */
  apiKey?: string;
  /**
   * A token obtained elsewhere, used as given by bearer operations of any realm
   * that has no credentials. It cannot be renewed.
   */
  accessToken?: string;
  /**
   * Renew this long before `expires_at`, capped at half the token's lifetime.
   * Default: 60 s, or a tenth of the lifetime for tokens shorter than 10 minutes.
   * @example renewMarginMs: 120_000
   */
  renewMarginMs?: number;
  /** Bounds each request attempt, from that attempt's start. Default 30 s. */
  timeoutMs?: number;
  /** Retry policy; `false` disables retries. Default `{ limit: 2 }`. */
  retry?: false | RetryOptions;
  /** Refuse nothing: allow `http://` to a host that is not loopback, sending passwords in clear. */
  allowInsecureHttp?: boolean;
  /** A fetch to send requests with (a proxy agent, a test recorder). Default `globalThis.fetch`. */
  fetch?: (request: Request) => Promise<Response>;
  /** Headers for every request. */
  headers?: Record<string, string>;
  /** Told when a token is obtained, renewed, dropped, or a token request fails. */
  onEvent?: (event: TokenEvent) => void;
  /**
   * Which operation takes which credentials. Default: the map generated from this
   * package's `openapi.yaml`; pass the one generated from another spec to use it.
   */
  securityMap?: SecurityMap;
}
