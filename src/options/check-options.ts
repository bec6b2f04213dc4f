import { SftpgoConfigError } from '../errors/sftpgo-config-error.js';
import type { Realm, SftpgoClientOptions } from './sftpgo-client-options.js';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
const HEADER_TEXT = /^[\x21-\x7e]+$/;
// RFC 9110: a header name is a token; a value, visible ASCII, spaces and tabs.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;
// Timers take at most a signed 32-bit delay; a longer one fires at once.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Refuses options that cannot work, before any request is sent, naming what is
 * wrong and never the value (it may be a secret). Returns the parsed base
 * URL, resolved against the page in a browser.
 */
export function checkOptions(options: SftpgoClientOptions): URL {
  // Any other value (a typo in JavaScript, a wrong type) would fail later as a
  // TypeError from somewhere inside; it is said here, once (issue 14).
  if (!isObject(options)) throw new SftpgoConfigError('the options must be an object with at least `baseUrl`');
  if (typeof options.baseUrl !== 'string') {
    throw new SftpgoConfigError('`baseUrl` must be a string; expected something like https://sftpgo.example.com/api/v2');
  }
  checkShapes(options);
  let base: URL;
  // In a page, a relative `baseUrl` ('/api/v2', what SFTPGo's own pages use)
  // means the page's server; Node has no page to resolve it against (issue 10).
  const page = (globalThis as { location?: { href?: unknown } }).location?.href;
  try {
    base = typeof page === 'string' ? new URL(options.baseUrl, page) : new URL(options.baseUrl);
  } catch {
    throw new SftpgoConfigError(
      typeof page === 'string'
        ? '`baseUrl` is not a URL; expected something like /api/v2 or https://sftpgo.example.com/api/v2'
        : '`baseUrl` is not an absolute URL; outside a browser page pass the whole API root, e.g. https://sftpgo.example.com/api/v2',
    );
  }
  if (base.username || base.password) {
    // fetch refuses such URLs with a message that repeats them, password included.
    throw new SftpgoConfigError('`baseUrl` must not carry a username or password; pass them as `admin` or `user` credentials');
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new SftpgoConfigError(`\`baseUrl\` must be http or https, not ${base.protocol}`);
  }
  if (base.protocol === 'http:' && !LOOPBACK.test(base.hostname) && !options.allowInsecureHttp) {
    throw new SftpgoConfigError(
      `\`baseUrl\` is plain http to ${base.hostname}: passwords and tokens would cross the network unencrypted. Use https, or set \`allowInsecureHttp: true\` if you accept that`,
    );
  }
  for (const realm of ['admin', 'user'] as const satisfies Realm[]) {
    const credentials = options[realm];
    if (credentials === undefined) continue;
    if (typeof credentials.username !== 'string' || credentials.username === '') {
      throw new SftpgoConfigError(`\`${realm}.username\` is empty`);
    }
    if (typeof credentials.password !== 'string' || credentials.password === '') {
      throw new SftpgoConfigError(`\`${realm}.password\` is empty`);
    }
    if (credentials.totpSecret !== undefined && !(typeof credentials.totpSecret === 'string' && /^[A-Z2-7]+=*$/i.test(credentials.totpSecret.replace(/\s/g, '')))) {
      throw new SftpgoConfigError(`\`${realm}.totpSecret\` is not base32`);
    }
  }
  // Sent as header values: fetch refuses other characters with an error that quotes the value.
  for (const [name, value] of [
    ['apiKey', options.apiKey],
    ['accessToken', options.accessToken],
    ['admin.otp', typeof options.admin?.otp === 'string' ? options.admin.otp : undefined],
    ['user.otp', typeof options.user?.otp === 'string' ? options.user.otp : undefined],
  ] as const) {
    if (value !== undefined && !(typeof value === 'string' && HEADER_TEXT.test(value))) {
      throw new SftpgoConfigError(`\`${name}\` is empty or has characters a header cannot carry (spaces, line breaks)`);
    }
  }
  const retry = options.retry || {};
  for (const [name, value, max] of [
    ['timeoutMs', options.timeoutMs, MAX_TIMER_MS],
    ['renewMarginMs', options.renewMarginMs, Infinity],
    ['retry.limit', retry.limit, 100],
    ['retry.baseDelayMs', retry.baseDelayMs, MAX_TIMER_MS],
    ['retry.maxDelayMs', retry.maxDelayMs, MAX_TIMER_MS],
    ['retry.maxRetryAfterMs', retry.maxRetryAfterMs, MAX_TIMER_MS],
  ] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0 && value <= max)) {
      throw new SftpgoConfigError(`\`${name}\` must be a number from 0 to ${max}`);
    }
  }
  if (options.timeoutMs === 0) throw new SftpgoConfigError('`timeoutMs` must be more than 0');
  return base;
}

/** The type of every option that is not checked for its value below; never the value in the message. */
function checkShapes(options: SftpgoClientOptions): void {
  for (const realm of ['admin', 'user'] as const) {
    const credentials: unknown = options[realm];
    if (credentials !== undefined && !isObject(credentials)) throw new SftpgoConfigError(`\`${realm}\` must be an object: { username, password }`);
    const otp = (credentials as { otp?: unknown } | undefined)?.otp;
    if (otp !== undefined && typeof otp !== 'string' && typeof otp !== 'function') {
      throw new SftpgoConfigError(`\`${realm}.otp\` must be a string or a function that returns one`);
    }
  }
  for (const name of ['fetch', 'onEvent'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') throw new SftpgoConfigError(`\`${name}\` must be a function`);
  }
  const retry: unknown = options.retry;
  if (retry !== undefined && retry !== false && !isObject(retry)) throw new SftpgoConfigError('`retry` must be false or an object such as { limit: 2 }');
  const headers: unknown = options.headers;
  if (headers !== undefined) {
    const entries = isObject(headers) ? Object.entries(headers) : undefined;
    if (!entries?.every(([name, value]) => HEADER_NAME.test(name) && typeof value === 'string' && HEADER_VALUE.test(value))) {
      throw new SftpgoConfigError('`headers` must be an object of header names and string values a header can carry (no line breaks)');
    }
  }
  const map: unknown = options.securityMap;
  if (map !== undefined && !(isObject(map) && ['schemes', 'operations', 'tokenOperations'].every((key) => isObject((map as Record<string, unknown>)[key])))) {
    throw new SftpgoConfigError('`securityMap` must be the map `sftpgo-client generate` writes: { schemes, operations, tokenOperations }');
  }
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
