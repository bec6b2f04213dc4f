// `npm run test:live`: named checks of the client against a real SFTPGo (or,
// with neither SFTPGO_URL nor SFTPGO_BIN, the stand-in), every answer through
// `prism proxy --errors`. Prints a PASS/FAIL/SKIP line per check and a summary,
// writes test-output/live.json, and after a run against a real server the
// README's "Verified against" line. Exit 0 when no check failed.
//
//   npm run test:live                                    # the stand-in, as CI
//   SFTPGO_BIN=/usr/bin/sftpgo npm run test:live         # an installed sftpgo, started here
//   SFTPGO_URL=https://staging.example.com/api/v2 SFTPGO_USERNAME=admin SFTPGO_PASSWORD=… npm run test:live
//
// Against SFTPGO_URL it makes its own accounts under a unique prefix, never
// touches existing ones, and deletes what it made, also after a failure or Ctrl-C.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createSftpgoClient } from '../../src/index.js';
import { securityMap as fixtureMap } from '../fixtures/generated/security.js';
import type { paths as FixturePaths } from '../fixtures/generated/openapi.js';
import { binaryOperations, bypassBinary } from './binary-bypass.js';
import { commandChecks } from './checks/command-checks.js';
import { credentialChecks } from './checks/credential-checks.js';
import { fileChecks } from './checks/file-checks.js';
import { rateLimitCheck } from './checks/rate-limit-check.js';
import { renewalChecks } from './checks/renewal-checks.js';
import { tokenChecks } from './checks/token-checks.js';
import { totpChecks } from './checks/totp-checks.js';
import { createAccounts } from './live-accounts.js';
import { CheckFailed, Skipped, type LiveCheck, type LiveContext } from './live-check.js';
import { printResult, summaryLine, updateReadme, writeJson, type CheckResult, type LiveRun } from './live-report.js';
import { chooseTarget, type LiveTarget } from './live-target.js';
import { createSetupApi, type SetupApi } from './setup-api.js';
import { createWire } from './wire-log.js';

const CHECKS: LiveCheck[] = [
  ...tokenChecks,
  ...renewalChecks.slice(0, 1), // revoked-elsewhere
  ...credentialChecks,
  ...fileChecks,
  ...commandChecks,
  rateLimitCheck,
  ...totpChecks,
  ...renewalChecks.slice(1), // renewal: the longest, last
];
const CHECK_TIMEOUT_MS = 150_000;
const FIXTURE_SPEC = fileURLToPath(new URL('../fixtures/sftpgo-like.yaml', import.meta.url));
const out = (line = '') => process.stdout.write(`${line}\n`);

let target: LiveTarget | undefined;
let setup: SetupApi | undefined;
let finishing: Promise<void> | undefined;

/** Deletes what the run made and stops what it started; once, whoever asks first. */
function finish(run: LiveRun): Promise<void> {
  finishing ??= (async () => {
    if (setup) run.problems.push(...(await setup.cleanup()));
    await target?.close().catch((error: unknown) => run.problems.push(`stopping the target: ${String(error)}`));
  })();
  return finishing;
}

async function runCheck(check: LiveCheck, ctx: LiveContext, notes: string[]): Promise<CheckResult> {
  const started = Date.now();
  const from = ctx.wire.entries.length;
  const result = (status: CheckResult['status'], reason?: string): CheckResult => ({
    name: check.name,
    title: check.title,
    status,
    ms: Date.now() - started,
    ...(reason ? { reason } : {}),
    notes,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CheckFailed(`did not finish within ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS);
    });
    await Promise.race([check.run(ctx), timeout]);
    notes.push(...new Set(ctx.wire.gaps(from)));
    const problems = ctx.wire.problems(from);
    return problems.length ? result('fail', problems.join('\n')) : result('pass');
  } catch (error) {
    if (error instanceof Skipped) return result('skip', error.message);
    const problems = ctx.wire.problems(from);
    const why = error instanceof CheckFailed ? error.message : `${(error as Error)?.name ?? 'Error'}: ${(error as Error)?.message ?? String(error)}`;
    return result('fail', [why, ...problems].join('\n'));
  } finally {
    clearTimeout(timer);
  }
}

async function main(): Promise<number> {
  const run: LiveRun = { target: { kind: '', label: '' }, startedAt: new Date().toISOString(), ms: 0, checks: [], problems: [] };
  const started = Date.now();
  // `on`, not `once`: while this listener is there, test/support/prism.ts only kills
  // Prism and leaves the exit to us; a second signal ends the run at once.
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupted) process.exit(130);
      interrupted = true;
      out(`\nlive: ${signal}: deleting what the run made and stopping what it started (again to quit now)`);
      void finish(run).finally(() => {
        for (const problem of run.problems) out(`PROBLEM  ${problem}`);
        process.exit(130);
      });
    });
  }
  out('sftpgo-client live suite');
  try {
    target = await chooseTarget(process.env);
    run.target = { kind: target.kind, label: target.label };
    setup = createSetupApi({ directUrl: target.directUrl, admin: target.admin });
    const version = await setup.admin('GET', '/version');
    if (typeof version.body?.version === 'string') run.target.version = version.body.version;
    out(`Target: ${target.label}${run.target.version ? `, SFTPGo ${run.target.version}` : ''}, through prism proxy --errors`);
    const prefix = `live${randomBytes(3).toString('hex')}-`;
    const accounts = await createAccounts(setup, prefix, process.env.SFTPGO_LIVE_HOME_DIR);
    out(`Accounts: ${prefix}* (deleted at the end)\n`);
    const wire = createWire(target.directUrl);
    const t = target;
    const isBinary = binaryOperations(FIXTURE_SPEC);
    const fixtureFetch = bypassBinary({ proxyUrl: t.fixtureUrl, directUrl: t.directUrl, isBinary, send: wire.fetch('client'), twin: wire.fetch('twin') });
    for (const check of CHECKS) {
      const notes: string[] = [];
      const ctx: LiveContext = {
        target: t,
        wire,
        setup,
        accounts,
        note: (line) => notes.push(line),
        client: (options = {}) => createSftpgoClient({ baseUrl: t.apiUrl, fetch: wire.fetch('client'), ...options }),
        fixtureClient: (options = {}) =>
          createSftpgoClient<FixturePaths>({ baseUrl: t.fixtureUrl, securityMap: fixtureMap, fetch: fixtureFetch, ...options }),
        async raw(path, init = {}) {
          const { fixture, direct, ...rest } = init;
          const base = direct ? t.directUrl : fixture ? t.fixtureUrl : t.apiUrl;
          const response = await wire.fetch('raw')(new Request(`${base}${path}`, rest));
          const text = await response.text();
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON
          }
          return { status: response.status, body, headers: response.headers };
        },
      };
      const result = await runCheck(check, ctx, notes);
      run.checks.push(result);
      printResult(result, out);
    }
  } catch (error) {
    run.problems.push(`setup: ${(error as Error)?.message ?? String(error)}`);
  } finally {
    await finish(run);
  }
  run.ms = Date.now() - started;
  out();
  for (const problem of run.problems) out(`PROBLEM  ${problem}`);
  out(summaryLine(run));
  out(`Written to ${await writeJson(run)}`);
  if (target && target.kind !== 'stand-in' && run.checks.length > 0 && (await updateReadme(run))) out('README.md: "Verified against" line rewritten');
  const failed = run.checks.some((c) => c.status === 'fail') || run.problems.length > 0 || run.checks.length === 0;
  return failed ? 1 : 0;
}

process.exitCode = await main();
