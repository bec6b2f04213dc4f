import { SftpgoConfigError } from '../errors/sftpgo-config-error.js';
import type { Realm, RealmCredentials } from '../options/sftpgo-client-options.js';
import { sleep } from '../utils/sleep.js';
import type { ServerClock } from './server-clock.js';
import { TOTP_STEP_MS, totp } from './totp.js';
import { untilAborted } from '../utils/until-aborted.js';

const STEP_MARGIN_MS = 2_000;

/** Gives the code for the next token request of a realm, or undefined when it has none. */
export type OtpSource = (signal?: AbortSignal) => Promise<string | undefined>;

/**
 * SFTPGo accepts a code once, for one step either side of now. So a static
 * string serves one token request, and TOTP codes never repeat a step: a
 * second renewal within a step sends the next step's code, and a third waits
 * for the next step rather than be rejected (issue 3). "Now" is the server's:
 * codes made on this machine's clock were all refused when it was off by more
 * than a step (issue 14, defect 2).
 */
export function createOtpSource(realm: Realm, credentials: RealmCredentials | undefined, clock: ServerClock): OtpSource {
  const secret = credentials?.totpSecret;
  if (secret) {
    // The steps claimed, not just the last one: the clock may be corrected
    // between two codes (a token answer's `Date` teaches it after a probe that
    // told nothing), and a last step read off the old clock, hours from the new
    // one, made the next code wait those hours (found by the property in
    // test/security/property-token-answers.test.ts).
    const claimed = new Set<number>();
    const now = clock.now;
    return async (signal) => {
      await clock.sync(signal);
      const current = Math.floor(now() / TOTP_STEP_MS);
      // Steps before the server's window can never be sent again: forget them.
      for (const old of claimed) if (old < current - 1) claimed.delete(old);
      let step = current;
      while (claimed.has(step)) step++;
      // Claimed before any wait, so concurrent token requests take different steps.
      claimed.add(step);
      // A little past the boundary, so a server whose clock is a moment behind is there too.
      if (step > current + 1) await sleep((step - 1) * TOTP_STEP_MS + STEP_MARGIN_MS - now(), signal);
      return totp(secret, step);
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
