// RESULTS.md: environment, the table, the targets and whether they were met,
// and, where a target was missed, what the run measured about why.
import type { BytesRow } from './bytes.js';
import { ALONE, ENTRY } from './bytes.js';
import { explainMisses } from './explain-misses.js';
import * as f from './format.js';
import { floorOf, MEMORY_TARGET_MIB, type MemoryOptions, type MemoryResult, type MemoryRow } from './memory.js';
import { BARE, BARE_SIGNAL, FLOOR, OURS, pairedCpuRatios, type PerCallOptions, type PerCallRow } from './per-call.js';
import type { ProfileResult } from './profile.js';
import { CLI, GENERATE_CLI, IMPORT, IMPORT_DIST, type StartupRow } from './startup.js';
import { renderMarkdown, type Row } from './table.js';
import { OURS as OURS_TOKENS, OURS_NO_MARGIN, type TokenOptions, type TokenRow } from './token-requests.js';

export interface Environment {
  date: string;
  /** The commit measured, and the files of src/ and generated/ that differed from it. */
  source: { commit: string; changed: string[] };
  node: string;
  cpu: string;
  cores: number;
  os: string;
  loadBefore: number[];
  loadAfter: number[];
  smoke: boolean;
  seconds: number;
}

export interface Results {
  env: Environment;
  config: { perCall: PerCallOptions; tokens: TokenOptions; startupRuns: number; profileCalls: number; memory: MemoryOptions };
  perCall: PerCallRow[];
  tokens: TokenRow[];
  bytes: BytesRow[];
  startup: StartupRow[];
  memory: MemoryResult;
  profile?: ProfileResult;
}

export interface Target {
  /** Which target: explain-misses.ts says why one was missed. */
  id: 'raw-fetch' | 'per-call' | 'tokens' | 'tokens-no-margin' | 'bytes' | 'startup' | 'upload' | 'download' | 'progress';
  goal: string;
  measured: string;
  met: boolean;
}

export const BYTES_TARGET = 5_000;
export const IMPORT_TARGET_MS = 30;

export function targets(r: Results): Target[] {
  const by = (name: string) => r.perCall.find((p) => p.name === name)!;
  const [floor, bare, ours] = [by(FLOOR), by(BARE), by(OURS)];
  const within = (base: PerCallRow, limit: number) => {
    const seq = ours.sequential.median / base.sequential.median;
    const conc = ours.concurrent.median / base.concurrent.median;
    return { measured: `${f.ratio(seq)} sequential, ${f.ratio(conc)} at ${r.config.perCall.concurrency} concurrent`, met: seq <= limit && conc <= limit };
  };
  // Issue 15: by CPU time per call, paired round by round with bare openapi-fetch.
  const cpu = {
    sequential: pairedCpuRatios(ours.sequential, bare.sequential).median,
    concurrent: pairedCpuRatios(ours.concurrent, bare.concurrent).median,
  };
  const tokens = [OURS_TOKENS, OURS_NO_MARGIN].map((name) => r.tokens.find((t) => t.name === name)!);
  const entry = r.bytes.find((b) => b.name === ENTRY)!;
  const startupRows = r.startup.filter((s) => [IMPORT, IMPORT_DIST, CLI, GENERATE_CLI].includes(s.name));
  const memory = (direction: 'upload' | 'download', goal: string): Target => {
    const clients = r.memory.rows.filter((m) => m.direction === direction && m.role === 'client');
    const over = clients.map((m) => m.peakMiB - floorOf(r.memory, m).peakMiB);
    return {
      id: direction,
      goal,
      measured: clients.map((m, i) => `${f.signedMib(over[i]!)} (${m.name.replace(/^sftpgo-client, /, '')})`).join(', '),
      met: over.every((o) => o <= MEMORY_TARGET_MIB),
    };
  };
  const size = f.size(r.memory.size);
  // Issue 17: the same transfer with and without progress callbacks.
  const withProgress = r.memory.rows.filter((m) => m.twin);
  const twinOf = (m: MemoryRow) => r.memory.rows.find((x) => x.id === m.twin)!;
  const progressTarget: Target = {
    id: 'progress',
    goal: `Progress callbacks on a ${size} upload and download: throughput ≥ 0.98× and peak RSS within 4 MiB of the same transfer without them`,
    measured: withProgress
      .map((m) => `${m.direction}: ${f.ratio(m.mibPerSecond / twinOf(m).mibPerSecond)} throughput, ${f.signedMib(m.peakMiB - twinOf(m).peakMiB)}`)
      .join('; '),
    met: withProgress.every((m) => m.mibPerSecond / twinOf(m).mibPerSecond >= 0.98 && m.peakMiB - twinOf(m).peakMiB <= 4),
  };
  return [
    { id: 'raw-fetch', goal: 'Per-call median latency within 10% of raw fetch (sequential and concurrent)', ...within(floor, 1.1) },
    {
      id: 'per-call',
      goal: 'Per call at most 1.03× bare openapi-fetch by CPU time per call (median of the per-round ratios), sequential and concurrent',
      measured: `${f.ratio(cpu.sequential)} sequential, ${f.ratio(cpu.concurrent)} at ${r.config.perCall.concurrency} concurrent (median latency: ${within(bare, 1.03).measured})`,
      met: cpu.sequential <= 1.03 && cpu.concurrent <= 1.03,
    },
    ...tokens.map((t, i) => ({
      id: i === 0 ? ('tokens' as const) : ('tokens-no-margin' as const),
      goal: `${t.name}: token requests at the floor ⌈W ÷ (L − m)⌉ = ${t.floor} (W ${r.config.tokens.lifetimes * r.config.tokens.lifetimeSeconds} s, L ${r.config.tokens.lifetimeSeconds} s, m ${f.seconds(t.marginMs)}), no failed call`,
      measured: `${t.tokenRequests} token requests (${f.ratio(t.tokenRequests / t.floor)}), ${t.failed} failed`,
      met: t.tokenRequests <= t.floor && t.failed === 0,
    })),
    {
      id: 'bytes',
      goal: `Browser entry ≤ 5 kB (${f.integer(BYTES_TARGET)} B) minified + gzipped, openapi-fetch included`,
      measured: `${f.bytes(entry.gzip)} (with \`totpSecret\`, its TOTP chunk loaded too: ${f.bytes(entry.withLazy.gzip)})`,
      met: entry.gzip <= BYTES_TARGET,
    },
    {
      id: 'startup',
      goal: `Import and start-up ≤ ${IMPORT_TARGET_MS} ms over \`node -e 0\`: the library (bundled and from dist/), \`${CLI}\`, \`${GENERATE_CLI}\``,
      measured: startupRows.map((s) => `${s.name}: ${f.signedMillis(s.over ?? Number.NaN)}`).join(', '),
      met: startupRows.length === 4 && startupRows.every((s) => s.over !== undefined && s.over <= IMPORT_TARGET_MS),
    },
    memory('upload', `Upload of ${size}, web stream and file-backed Blob bodies, Node entry by default: peak RSS within ${MEMORY_TARGET_MIB} MiB of node:http's`),
    memory('download', `Download of ${size} with \`parseAs: 'stream'\`, Node entry by default: peak RSS within ${MEMORY_TARGET_MIB} MiB of node:http's`),
    progressTarget,
  ];
}

export function renderResults(r: Results, rows: Row[], list: Target[]): string {
  const e = r.env;
  const c = r.config;
  const tokenCfg = c.tokens;
  const out: string[] = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench${e.smoke ? ' -- --smoke' : ''}\` (bench/run.ts) from one run; every figure below comes from that run.${e.smoke ? ' **Smoke mode: tiny counts, figures not meaningful.**' : ''}`,
    '',
    `- Date: ${e.date}`,
    `- Code measured: commit ${e.source.commit}${e.source.changed.length ? `, with uncommitted changes to ${e.source.changed.join(', ')}` : ''}`,
    `- Node ${e.node}, ${e.os}`,
    `- CPU: ${e.cpu}, ${e.cores} cores`,
    `- Load average (1 min) before / after the run: ${e.loadBefore[0]!.toFixed(2)} / ${e.loadAfter[0]!.toFixed(2)}; the run took ${Math.round(e.seconds)} s, of which the memory phase ${Math.round(r.memory.seconds)} s`,
    '',
    '![Per-call latency and token requests per client](results.svg)',
    '',
    '## Targets',
    '',
    '| Target | Measured | Met |',
    '| --- | --- | --- |',
    ...list.map((t) => `| ${t.goal} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |`),
    '',
    ...(list.some((t) => !t.met) ? ['## Why targets were missed', '', ...explainMisses(r, list), ''] : []),
    '## Figures',
    '',
    renderMarkdown(rows),
    '',
    ...renderCpuRounds(r),
    '## How',
    '',
    `- **Per call**: GET /version (a bearer operation answered with a fixed small JSON body) against a Node http server on 127.0.0.1 in its own process. ` +
      `Raw \`fetch\` with a hand-set \`Authorization\` header is the floor; bare openapi-fetch has a static header; \`${BARE_SIGNAL}\` is the same given \`signal: new AbortController().signal\` on each call, the part of a per-call timeout that is undici's; sftpgo-client holds a cached token; ` +
      `the @hey-api/openapi-ts client (0.95.0, generated at bench time from openapi.yaml into bench/.work/) gets its token from its \`auth\` callback. ` +
      `Each client: ${c.perCall.warmup} sequential calls and a concurrent batch of warm-up, then ${c.perCall.rounds} rounds, each of ${c.perCall.sequential} sequential calls and ` +
      `${c.perCall.concurrent} calls at ${c.perCall.concurrency} concurrent, clients interleaved in a rotating order each round. ` +
      'Latency percentiles are over every call of every round; calls per second is the median over rounds. Every call parses the JSON body. ' +
      "CPU per call is this process's CPU time (user + system, `process.cpuUsage()`) over a batch, divided by its calls; the server's is not in it (its own process). " +
      'The paired ratio divides a client\'s CPU per call by bare openapi-fetch\'s in the same round (see "CPU per call, round by round") and takes the median over rounds.',
    `- **Token requests**: ${f.integer(tokenCfg.calls)} GET /version calls, at most ${tokenCfg.concurrency} at once, paced evenly over ${tokenCfg.lifetimes} lifetimes of a ` +
      `${tokenCfg.lifetimeSeconds} s token on the stateful SFTPGo-like test server (test/support/sftpgo-server.ts), a new server per client. ` +
      'The floor for a window W, lifetime L and renewal margin m is ⌈W ÷ (L − m)⌉, with m the margin each client renews at. Like SFTPGo, the server still accepts a token 30 s past its expiry, so the docs middleware that never renews does not fail within the run; ' +
      `"calls sent with an expired token" counts what a server without leeway would refuse. "After the 30 s leeway": the server's clock is then moved ${tokenCfg.lifetimeSeconds + 31} s ahead ` +
      `and ${tokenCfg.probeCalls} more calls are sent at once, as if the client were used again later. ` +
      '`sftpgo-client, renewMarginMs: 0` is the same client told not to renew early (by default it renews a tenth of the lifetime, at most 60 s, before expiry; with either setting each token is counted a second short, since `Date` has whole seconds).',
    '- **Bytes**: esbuild bundles (ESM, platform browser, ES2022, minified, code splitting as an application bundler does), gzip level 9, each chunk on its own. The entry figure is what a page loads up front: the entry chunk and the chunks it imports statically.',
    `- **Start-up**: wall time from spawn to exit, median of ${c.startupRuns} runs per command, commands interleaved, one warm-up run each:`,
    ...r.startup.map((s) => `  - ${s.name}: \`${s.command}\`${s.note ? ` (${s.note})` : ''}`),
    ...renderMemoryHow(r.memory),
    '',
  ];
  const failures = r.tokens.filter((t) => t.failed > 0);
  if (failures.length > 0) {
    out.push('Why calls failed in the token-request workload:', '');
    for (const t of failures) out.push(`- ${t.name}: ${Object.entries(t.reasons).map(([k, v]) => `${f.integer(v)} × ${k}`).join(', ')}`);
    out.push('');
  }
  const entry = r.bytes.find((b) => b.name === ENTRY)!;
  out.push(
    '## Browser entry by input',
    '',
    `Minified bytes each input contributes to the ${f.bytes(entry.minified)} browser entry (before gzip):`,
    '',
    '| Input | Minified bytes |',
    '| --- | ---: |',
    ...entry.inputs.filter((i) => i.bytes > 0).map((i) => `| ${i.path} | ${f.integer(i.bytes)} |`),
    '',
    `Loaded only by a client given a \`totpSecret\` (a chunk of its own, ${f.bytes(entry.withLazy.minified - entry.minified)} minified, ${f.bytes(entry.withLazy.gzip - entry.gzip)} gzipped): ` +
      entry.lazyInputs.filter((i) => i.bytes > 0).map((i) => `${i.path} ${f.integer(i.bytes)} B`).join(', ') + '.',
    '',
    `For comparison, ${ALONE}: ${f.bytes(r.bytes.find((b) => b.name === ALONE)!.gzip)} gzipped.`,
    '',
  );
  if (r.profile) out.push(...renderProfile(r.profile));
  return out.join('\n');
}

/** Each round's CPU per call of this client over bare openapi-fetch's, as the paired ratios are taken. */
export function cpuRoundLines(r: Pick<Results, 'perCall'>): { round: number; sequential: number; concurrent: number }[] {
  const by = (name: string) => r.perCall.find((p) => p.name === name)!;
  const [bare, ours] = [by(BARE), by(OURS)];
  const seq = pairedCpuRatios(ours.sequential, bare.sequential).rounds;
  const conc = pairedCpuRatios(ours.concurrent, bare.concurrent).rounds;
  return seq.map((sequential, i) => ({ round: i + 1, sequential, concurrent: conc[i]! }));
}

function renderCpuRounds(r: Results): string[] {
  return [
    '## CPU per call, round by round',
    '',
    `sftpgo-client's CPU time per call over bare openapi-fetch's, each round (both ran in it, interleaved); the targets take the median.`,
    '',
    `| Round | Sequential | ${r.config.perCall.concurrency} concurrent |`,
    '| ---: | ---: | ---: |',
    ...cpuRoundLines(r).map((l) => `| ${l.round} | ${f.ratio(l.sequential)} | ${f.ratio(l.concurrent)} |`),
    '',
  ];
}

function renderMemoryHow(m: MemoryResult): string[] {
  const before = m.rows.flatMap((row) => row.runs.map((x) => x.rssBeforeMiB));
  return [
    `- **Memory**: a file of ${f.size(m.size)} (bench/.work/memory/, written and synced before the first transfer, deleted after) uploaded to, and ${f.size(m.size)} downloaded from, ` +
      'a server on 127.0.0.1 in its own process (bench/memory-server.ts: SFTPGo\'s user token endpoint, a bearer check, a sink that counts and sha-256 hashes each upload, a source of pattern bytes). ' +
      `Each transfer runs alone in a fresh \`node\` process, after an untimed upload and download of up to 64 MiB through node:http (the first transfer a fresh server saw was slower); ` +
      `the floor and the client run ${m.runs} times each, round by round, and their figures are medians (one run's peak moves by several MiB with when the garbage collector runs); raw fetch runs once. ` +
      'Each process runs bench/memory-child.ts bundled by esbuild, the same bundle for every case, no loader; its peak RSS is its `process.resourceUsage().maxRSS`, ' +
      `start-up included (RSS just before the transfer: ${f.mib(Math.min(...before))} to ${f.mib(Math.max(...before))}). ` +
      'Throughput is the size over the time from the start of the request to the answer read (upload) or the file written (download). ' +
      'Every upload\'s count and digest (from the server) and every downloaded file\'s (read back here) must match the file\'s, or the run fails. ' +
      `The client is \`createSftpgoClient\` of src/node.ts with default options and the fixture spec's security map (test/fixtures/generated/); "over the floor" is its median peak RSS minus node:http's, in the same direction. The phase took ${Math.round(m.seconds)} s. Cases:`,
    ...m.rows.map(
      (row) => `  - ${row.direction}, ${row.name}: ${row.how}. Runs: ${row.runs.map((x) => `${f.mib(x.peakMiB)} at ${f.mibPerSecond(x.mibPerSecond)}`).join('; ')}`,
    ),
  ];
}

function renderProfile(p: ProfileResult): string[] {
  const out = [
    '## Profile of the per-call loop',
    '',
    `V8's sampling profiler (100 µs interval), started after warm-up around ${f.integer(p.calls)} calls at ${p.concurrency} concurrent, one fresh process per client ` +
      '(bench/.work/profile/*.cpuprofile; open them in Chrome DevTools). Frames are mapped to their source through an esbuild source map. Times are per call and include the profiler\'s own overhead.',
    '',
    '| Client | Busy CPU per call | of which GC |',
    '| --- | ---: | ---: |',
    ...p.clients.map((c) => `| ${c.name} | ${f.micros(c.cpuUs)} | ${f.micros(c.gcUs)} |`),
    '',
    "Functions of src/ on the stack in sftpgo-client's profile (synchronous stacks only; work resumed from promises or streams is not under its caller), and what each spent that time in, by the function it called directly (inclusive) or `(self)`:",
    '',
    '| src/ function | Time on stack per call | Of which, by direct callee (per call) |',
    '| --- | ---: | --- |',
    ...p.frames
      .filter((fr) => fr.inclusiveUs >= 0.5)
      .map((fr) => `| \`${fr.frame}\` | ${f.micros(fr.inclusiveUs)} | ${fr.under.map((u) => `\`${u.frame}\` ${f.micros(u.us)}`).join('; ')} |`),
    '',
    'Leaf functions (self time) where sftpgo-client spends more than bare openapi-fetch, per call:',
    '',
    '| Function | Extra per call |',
    '| --- | ---: |',
    ...p.extra.map((e) => `| \`${e.frame}\` | ${f.micros(e.us)} |`),
    '',
  ];
  return out;
}
