// A named check of the live suite, what it may use, and how it says pass,
// fail or skip: a check throws CheckFailed with a plain sentence, or Skipped
// with the reason, and returns normally when it passed.
import type { SftpgoClient, SftpgoClientOptions } from '../../src/index.js';
import type { paths as FixturePaths } from '../fixtures/generated/openapi.js';
import type { LiveAccounts } from './live-accounts.js';
import type { LiveTarget } from './live-target.js';
import type { SetupApi } from './setup-api.js';
import type { Wire } from './wire-log.js';

export interface LiveContext {
  target: LiveTarget;
  wire: Wire;
  /** Admin API calls no spec here describes, by plain fetch; what they make is deleted at the end. */
  setup: SetupApi;
  accounts: LiveAccounts;
  /** A client of openapi.yaml through the validating proxy, its requests on the wire log. */
  client(options?: Partial<SftpgoClientOptions>): SftpgoClient;
  /** A client of the fixture spec (upstream-shaped operations) through its own validating proxy. */
  fixtureClient(options?: Partial<SftpgoClientOptions>): SftpgoClient<FixturePaths>;
  /** A request the check sends itself, through the proxy of openapi.yaml (`fixture`: of the fixture spec; `direct`: to the server). */
  raw(path: string, init?: RequestInit & { fixture?: boolean; direct?: boolean }): Promise<{ status: number; body: any; headers: Headers }>;
  /** A line printed under the check's result. */
  note(line: string): void;
}

export interface LiveCheck {
  /** Short and stable, for live.json: `cold-concurrency`. */
  name: string;
  /** What it proves, in a sentence. */
  title: string;
  run(ctx: LiveContext): Promise<void>;
}

export class CheckFailed extends Error {
  override name = 'CheckFailed';
}

export class Skipped extends Error {
  override name = 'Skipped';
}

/** Fails the check with `message` unless `condition` holds. */
export function ensure(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailed(message);
}

/** Fails unless `actual` deep-equals `expected` (JSON comparison), naming what was compared. */
export function ensureEqual(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new CheckFailed(`${what}: expected ${e}, got ${a}`);
}

/** The error a promise rejects with; fails the check when it resolves. */
export async function rejection(promise: Promise<unknown>, what: string): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new CheckFailed(`${what} succeeded; it should have failed`);
}

/** Fails when any of `secrets` shows up in `text` (messages, stack, inspect output). */
export function ensureNoSecret(text: string, secrets: Array<string | undefined>, where: string): void {
  for (const secret of secrets) {
    if (secret && text.includes(secret)) throw new CheckFailed(`${where} contains a secret (${secret.length} characters long)`);
  }
}
