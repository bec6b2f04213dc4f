// One-time codes for the accounts the suite itself logs in with (the
// configured admin, enrolment of 2FA accounts): RFC 6238 codes that never
// repeat a step, waiting for the next step when two were taken already,
// since SFTPGo refuses a code it has seen.
import { TOTP_STEP_SECONDS, totpCodeAtStep, totpStep } from '../support/totp.js';

const STEP_MS = TOTP_STEP_SECONDS * 1000;

export function createCodeSource(secret: string): () => Promise<string> {
  let last = -Infinity;
  return async () => {
    const current = totpStep(Date.now());
    const step = Math.max(current, last + 1);
    last = step;
    // A code is accepted one step either side of now: wait until this one is.
    const wait = (step - 1) * STEP_MS + 1_000 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    return totpCodeAtStep(secret, step);
  };
}

/** The code of the step before now: still accepted, and never one a client starting now would send. */
export function previousStepCode(secret: string): string {
  return totpCodeAtStep(secret, totpStep(Date.now()) - 1);
}

/** Milliseconds left in the current 30 s step. */
export function msLeftInStep(): number {
  return STEP_MS - (Date.now() % STEP_MS);
}
