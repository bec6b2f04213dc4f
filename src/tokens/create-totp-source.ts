import { sleep } from '../utils/sleep.js';
import type { OtpSource } from './create-otp-source.js';
import type { ServerClock } from './server-clock.js';
import { TOTP_STEP_MS, totp } from './totp.js';

const STEP_MARGIN_MS = 2_000;

/**
 * Codes from a `totpSecret`. SFTPGo accepts a code once, for one step either
 * side of now, so codes never repeat a step: a second renewal within a step
 * sends the next step's code, and a third waits for the next step rather than
 * be rejected (issue 3). "Now" is the server's: codes made on this machine's
 * clock were all refused when it was off by more than a step (issue 14,
 * defect 2). Loaded only by a client given a secret (issue 15: a browser
 * bundle without TOTP does not carry it).
 */
export function createTotpSource(secret: string, clock: ServerClock): OtpSource {
  // The steps claimed, not just the last one: the clock may be corrected
  // between two codes (a later probe answers after one that told nothing), and
  // a last step read off the old clock, hours from the new one, made the next
  // code wait those hours (found by the property in
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
