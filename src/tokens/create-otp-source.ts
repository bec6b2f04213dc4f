import { SftpgoConfigError } from '../errors/sftpgo-config-error.js';
import type { Realm, RealmCredentials } from '../options/sftpgo-client-options.js';
import type { ServerClock } from './server-clock.js';
import { untilAborted } from '../utils/until-aborted.js';

/** Gives the code for the next token request of a realm, or undefined when it has none. */
export type OtpSource = (signal?: AbortSignal) => Promise<string | undefined>;

/**
 * SFTPGo accepts a code once. So a static string serves one token request, a
 * function is asked on every one, and a `totpSecret` makes codes that never
 * repeat a step (create-totp-source.ts, loaded when first needed so that a
 * client without a secret, in a browser bundle, does not carry it: issue 15).
 */
export function createOtpSource(realm: Realm, credentials: RealmCredentials | undefined, clock: ServerClock): OtpSource {
  const secret = credentials?.totpSecret;
  if (secret) {
    let source: Promise<OtpSource> | undefined;
    return async (signal) => {
      source ??= import('./create-totp-source.js').then((m) => m.createTotpSource(secret, clock));
      return (await source)(signal);
    };
  }
  const otp = credentials?.otp;
  if (typeof otp === 'function') {
    return async (signal) => {
      const code = await untilAborted(Promise.resolve(otp()), signal);
      // A header cannot carry it, and fetch's error would quote it.
      if (typeof code !== 'string' || !/^[\x21-\x7e]*$/.test(code)) {
        throw new SftpgoConfigError(`the ${realm} \`otp\` function returned something that is not a one-time code`);
      }
      return code;
    };
  }
  if (typeof otp === 'string') {
    let spent = false;
    return async () => {
      if (spent) {
        throw new SftpgoConfigError(
          `the ${realm} one-time code given as a string was already used; pass \`otp\` as a function or \`totpSecret\` so the client can renew tokens`,
        );
      }
      spent = true;
      return otp;
    };
  }
  return async () => undefined;
}
