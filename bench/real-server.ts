// The per-call phase against a real SFTPGo (issue 15): GET /api/v2/version,
// where the server checks the JWT and runs its own handler, so users see what
// the client costs beside a server doing real work, not beside a canned
// answer. The server is SFTPGO_URL (a running one, with an admin, as the live
// suite takes it) or a throwaway started from SFTPGO_BIN; with neither the
// phase says it was skipped. It runs longer than the others and is reported
// apart from the five-minute budget.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSftpgoClient } from '../src/index.js';
import { startBinaryServer } from '../test/live/binary-target.js';
import type { BareServer } from '../test/live/live-target.js';
import * as f from './format.js';
import { generateHeyApi, HEY_API_DIR } from './hey-api.js';
import { BARE, contenders, FLOOR, HEY, OURS, pairedCpuRatios, runPerCall, type ModeFigures, type PerCallOptions, type PerCallRow } from './per-call.js';

/** SFTPGo refuses a host more than `max_per_host_connections` requests in flight (20 by default): stay below. */
export const MAX_CONCURRENCY = 16;

export type RealServerResult =
  | { skipped: string }
  | { label: string; version: string; concurrency: number; options: PerCallOptions; rows: PerCallRow[]; seconds: number };

type Measured = Exclude<RealServerResult, { skipped: string }>;

/**
 * The per-call options for a real server: the same counts, so as many samples
 * per figure and rounds per paired ratio (a call takes about 0.35 ms there,
 * 0.2 ms to the stand-in, and fewer run at a time: about a minute on 2 cores),
 * and at most MAX_CONCURRENCY calls at a time.
 */
export function realServerOptions(o: PerCallOptions): PerCallOptions {
  return { ...o, concurrency: Math.min(o.concurrency, MAX_CONCURRENCY) };
}

/** The server from the environment, as the live suite chooses it (test/live/live-target.ts), or why there is none. */
async function chooseServer(env: NodeJS.ProcessEnv): Promise<{ server: BareServer; label: string } | string> {
  if (env.SFTPGO_URL) {
    if (!env.SFTPGO_USERNAME || !env.SFTPGO_PASSWORD) return 'SFTPGO_URL is set, but not SFTPGO_USERNAME and SFTPGO_PASSWORD (an admin)';
    const admin = { username: env.SFTPGO_USERNAME, password: env.SFTPGO_PASSWORD, ...(env.SFTPGO_TOTP_SECRET ? { totpSecret: env.SFTPGO_TOTP_SECRET } : {}) };
    const server = { directUrl: env.SFTPGO_URL.replace(/\/+$/, ''), admin, close: async () => {} };
    // The host only: a URL may carry credentials, and RESULTS.md may be committed.
    return { server, label: `SFTPGo at ${new URL(server.directUrl).host} (SFTPGO_URL)` };
  }
  if (env.SFTPGO_BIN) {
    // SFTPGo's default token lifetime, not the live suite's minute: the shared token must outlast the phase.
    const server = await startBinaryServer(env.SFTPGO_BIN, { tokenLifetimeMinutes: 20 });
    return { server, label: `SFTPGo started from SFTPGO_BIN (${env.SFTPGO_BIN.split('/').at(-1)}) on 127.0.0.1, a throwaway configuration` };
  }
  return 'set SFTPGO_BIN (an sftpgo binary to start here) or SFTPGO_URL with SFTPGO_USERNAME and SFTPGO_PASSWORD (a running server) to run it';
}

export async function measureRealServer(options: PerCallOptions, env: NodeJS.ProcessEnv = process.env): Promise<RealServerResult> {
  const started = performance.now();
  const chosen = await chooseServer(env);
  if (typeof chosen === 'string') return { skipped: chosen };
  try {
    const measured = await measureOn(chosen.server, realServerOptions(options));
    return { label: chosen.label, ...measured, seconds: (performance.now() - started) / 1000 };
  } finally {
    await chosen.server.close();
  }
}

async function measureOn(server: BareServer, run: PerCallOptions): Promise<Omit<Measured, 'label' | 'seconds'>> {
  // run.ts generates it before the per-call phase; this file run alone may come first.
  if (!existsSync(join(HEY_API_DIR, 'sdk.gen.ts'))) generateHeyApi();
  const baseUrl = server.directUrl;
  // One client obtains the token the others share and is the contender: with a
  // TOTP secret two clients could send the same step's code, and SFTPGo takes a code once.
  const ours = createSftpgoClient({ baseUrl, admin: server.admin });
  const { access_token: token } = await ours.getToken();
  const shared = createSftpgoClient({ baseUrl, accessToken: token });
  try {
    const { data } = await ours.GET('/version');
    // Built here, not by contenders(): this client must be disposed, and contenders() keeps no handle on its own.
    const others = await contenders(baseUrl, [FLOOR, BARE, HEY], { token, admin: server.admin });
    const call = async () => (await ours.GET('/version')).data !== undefined;
    const clients = [...others.slice(0, 2), { name: OURS, call }, ...others.slice(2)];
    const rows = await runPerCall(clients, run, 'per-call overhead, real server');
    return { version: data?.version ?? 'unknown', concurrency: run.concurrency, options: run, rows };
  } finally {
    // Both tokens revoked: a server at SFTPGO_URL would otherwise accept them for their whole lifetime.
    const revoked = await Promise.allSettled([shared.logout(), ours[Symbol.asyncDispose]()]);
    const failed = revoked.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw new Error(`revoking the benchmark's tokens failed: ${(failed.reason as Error).message}`);
  }
}

const MODES = ['sequential', 'concurrent'] as const;
const modeName = (mode: (typeof MODES)[number], r: Measured) => (mode === 'sequential' ? 'sequential' : `${r.concurrency} concurrent`);

/** The figures of one client in one mode, with their ratios to raw fetch and to bare openapi-fetch. */
function figures(m: ModeFigures, floor: ModeFigures, bare: ModeFigures): [string, string, string, string][] {
  const line = (name: string, value: string, a: number, b: number, c: number): [string, string, string, string] => [name, value, f.ratio(a / b), f.ratio(a / c)];
  return [
    line('median latency', f.latency(m.median), m.median, floor.median, bare.median),
    line('p99 latency', f.latency(m.p99), m.p99, floor.p99, bare.p99),
    line('calls per second', f.integer(m.rps), m.rps, floor.rps, bare.rps),
    line('CPU per call', f.micros(m.cpu), m.cpu, floor.cpu, bare.cpu),
  ];
}

function summaryLines(r: Measured): { paired: string; failures: string } {
  const by = (name: string) => r.rows.find((row) => row.name === name)!;
  const paired = MODES.map((mode) => `${f.ratio(pairedCpuRatios(by(OURS)[mode], by(BARE)[mode]).median)} ${modeName(mode, r)}`).join(', ');
  const failed = r.rows.filter((row) => row.failures > 0).map((row) => `${row.name} ${f.integer(row.failures)}`);
  return {
    paired: `CPU per call of ${OURS} over ${BARE}, round by round (both ran in each), median of ${r.options.rounds} rounds: ${paired}.`,
    failures: failed.length === 0 ? 'Failed calls: none.' : `FAILED CALLS: ${failed.join(', ')}; the figures count them as calls.`,
  };
}

export function renderRealServer(result: RealServerResult): { markdown: string; text: string } {
  if ('skipped' in result) return { markdown: `## Real server\n\nSkipped: ${result.skipped}.\n`, text: `Real server: skipped, ${result.skipped}.` };
  const r = result;
  const floor = r.rows.find((row) => row.name === FLOOR)!;
  const bare = r.rows.find((row) => row.name === BARE)!;
  const { paired, failures } = summaryLines(r);
  const o = r.options;
  const md = [
    '## Real server',
    '',
    `${r.label}, version ${r.version}. \`GET /api/v2/version\`, where the server checks the admin JWT and runs its own handler: what each client costs beside a server doing real work. ` +
      `The four clients of the per-call phase, interleaved in a rotating order within each of ${o.rounds} rounds; per round each makes ${f.integer(o.sequential)} calls one after another and ${f.integer(o.concurrent)} calls ${r.concurrency} at a time, after ${f.integer(o.warmup)} warm-up calls. ` +
      `At most ${MAX_CONCURRENCY} at a time: SFTPGo refuses a host more than \`max_per_host_connections\` requests in flight, 20 by default. ` +
      `One admin token, obtained first, is sent by ${FLOOR}, ${BARE} and ${HEY}; ${OURS} holds the admin credentials and obtains its own. ` +
      `CPU per call is this process's user + system time (not the server's), the median over rounds; the server shares the machine's cores. ` +
      `${Math.round(r.seconds)} s, reported apart from the five-minute budget.`,
  ];
  for (const mode of MODES) {
    md.push('', `### Real server, ${modeName(mode, r)}`, '', `| Client | Figure | Value | × ${FLOOR} | × ${BARE} |`, '| --- | --- | ---: | ---: | ---: |');
    for (const row of r.rows) for (const cells of figures(row[mode], floor[mode], bare[mode])) md.push(`| ${row.name} | ${cells.join(' | ')} |`);
  }
  md.push('', paired, '', failures, '');
  const table: string[][] = [['mode', 'client', 'median', 'p99', 'calls/s', 'CPU/call', 'median×raw', 'median×bare', 'CPU×bare']];
  for (const mode of MODES) {
    for (const row of r.rows) {
      const [median, p99, rps, cpu] = figures(row[mode], floor[mode], bare[mode]);
      table.push([modeName(mode, r), row.name, median![1], p99![1], rps![1], cpu![1], median![2], median![3], cpu![3]]);
    }
  }
  const head = `Real server: ${r.label}, version ${r.version}; GET /api/v2/version, ${o.rounds} rounds, ${Math.round(r.seconds)} s (reported apart from the five-minute budget)`;
  return { markdown: md.join('\n'), text: [head, align(table), paired, failures].join('\n') };
}

/** Columns padded to their widest cell; all but the first two right-aligned. */
function align(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd()).join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // run.ts's per-call options (full, or --smoke / BENCH_SMOKE=1), from which the real server's are derived.
  const smoke = process.argv.includes('--smoke') || /^(1|true|yes)$/i.test(process.env.BENCH_SMOKE ?? '');
  const options: PerCallOptions = smoke
    ? { rounds: 2, sequential: 20, concurrent: 128, concurrency: 64, warmup: 20 }
    : { rounds: 20, sequential: 400, concurrent: 1280, concurrency: 64, warmup: 2000 };
  const result = await measureRealServer(options);
  console.log(renderRealServer(result).text);
  if (!('skipped' in result) && result.rows.some((row) => row.failures > 0)) process.exitCode = 1;
}
