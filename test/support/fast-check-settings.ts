/**
 * How the property tests run (issue 14): 1,000 cases per property in CI
 * (CI=true), 200 elsewhere, FC_NUM_RUNS to choose. A failure prints the
 * shrunk counterexample with fast-check's seed and path; FC_SEED=<seed>
 * FC_PATH=<path> replays exactly that case.
 */
import type { Parameters } from 'fast-check';

/** One case: far above what any takes (milliseconds), far below the property's whole budget. */
export const CASE_TIMEOUT_MS = 10_000;

export const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? (process.env.CI === 'true' ? 1_000 : 200));

export function propertyParameters<T>(): Parameters<T> {
  return {
    numRuns: NUM_RUNS,
    // A case that stalls fails as itself, with its counterexample and seed,
    // instead of the whole property running into the test's timeout with none.
    timeout: CASE_TIMEOUT_MS,
    // Shrinking a stalled case costs a timeout per step: stop in time to report
    // the smallest counterexample found so far.
    interruptAfterTimeLimit: PROPERTY_TIMEOUT_MS - 15_000,
    markInterruptAsFailure: true,
    ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
    ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}),
  };
}

/** A property's test gets time for its cases: a few tens of seconds for all of them, with room for a slow machine. */
export const PROPERTY_TIMEOUT_MS = 120_000;
