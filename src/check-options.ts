import { SftpgoConfigError } from './sftpgo-config-error.js';
import type { Realm, SftpgoClientOptions } from './sftpgo-client-options.js';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Refuses options that cannot work, before any request is sent, naming what is
 * wrong and never the value (it may be a secret). Returns the parsed base URL.
 */
export function checkOptions(options: SftpgoClientOptions): URL {
  let base: URL;
  try {
    base = new URL(options.baseUrl);
  } catch {
    throw new SftpgoConfigError('`baseUrl` is not an absolute URL; expected something like https://sftpgo.example.com/api/v2');
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
    if (!credentials) continue;
    if (typeof credentials.username !== 'string' || credentials.username === '') {
      throw new SftpgoConfigError(`\`${realm}.username\` is empty`);
    }
    if (typeof credentials.password !== 'string' || credentials.password === '') {
      throw new SftpgoConfigError(`\`${realm}.password\` is empty`);
    }
    if (credentials.totpSecret !== undefined && !/^[A-Z2-7]+=*$/i.test(credentials.totpSecret.replace(/\s/g, ''))) {
      throw new SftpgoConfigError(`\`${realm}.totpSecret\` is not base32`);
    }
  }
  if (options.apiKey !== undefined && options.apiKey === '') throw new SftpgoConfigError('`apiKey` is empty');
  if (options.accessToken !== undefined && options.accessToken === '') throw new SftpgoConfigError('`accessToken` is empty');
  return base;
}
