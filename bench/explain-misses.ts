// Issue 15: where a target is missed, the README says by how much and why.
// Each reason is built from the same run's figures (its profile, its bundle's
// inputs, its memory runs), never typed by hand, so it stays true of the code
// that was measured.
import { ALONE, ENTRY } from './bytes.js';
import * as f from './format.js';
import { floorOf, type MemoryRow } from './memory.js';
import { BARE, BARE_SIGNAL, FLOOR, OURS, pairedCpuRatios } from './per-call.js';
import type { Results, Target } from './report.js';
import { IMPORT_TARGET_MS } from './report.js';
import { quantile } from './stats.js';
import { tokenFloor, OURS as OURS_TOKENS, OURS_NO_MARGIN } from './token-requests.js';

/** token-expiry.ts counts each token a second short: `Date` has whole seconds. */
const DATE_RESOLUTION_MS = 1_000;

/** The middle half of a list of ratios: its first and third quartiles. */
function middleHalf(values: number[]): string {
  const sorted = Float64Array.from(values).sort();
  return `${f.ratio(quantile(sorted, 0.25))} and ${f.ratio(quantile(sorted, 0.75))}`;
}

function perCall(r: Results): string {
  const p = r.profile;
  if (!p) return 'no profile was taken in this run.';
  const cost = (name: string) => p.clients.find((c) => c.name === name);
  const [rawCost, bareCost, oursCost] = [cost(FLOOR), cost(BARE), cost(OURS)];
  const busy = rawCost && bareCost && oursCost
    ? `In the profile of ${f.integer(p.calls)} calls at ${p.concurrency} concurrent, busy CPU per call is ${f.micros(rawCost.cpuUs)} for raw fetch, ${f.micros(bareCost.cpuUs)} for bare openapi-fetch and ${f.micros(oursCost.cpuUs)} for sftpgo-client (${f.ratio(oursCost.cpuUs / bareCost.cpuUs)})`
    : 'the profile lacks a client';
  const extra = p.extra.slice(0, 4).map((e) => `\`${e.frame}\` +${f.micros(e.us)}`).join(', ');
  const by = (name: string) => r.perCall.find((x) => x.name === name);
  const [bare, signal] = [by(BARE), by(BARE_SIGNAL)];
  const ours = by(OURS);
  const ratios = (mode: 'sequential' | 'concurrent', name: string) => pairedCpuRatios(by(name)![mode], bare![mode]);
  let signalShare = '';
  if (bare && signal && ours) {
    const seq = ratios('sequential', BARE_SIGNAL).median;
    const conc = ratios('concurrent', BARE_SIGNAL).median;
    signalShare =
      `Bare openapi-fetch given a fresh AbortSignal per call, which any per-call timeout needs (the client's \`timeoutMs\`, its caller's signal, its progress aborts), ` +
      `measured ${f.ratio(seq)} sequentially and ${f.ratio(conc)} at ${r.config.perCall.concurrency} concurrent in the same rounds` +
      (seq > 1.03 || conc > 1.03 ? ": that much of the gap is undici's handling of the signal, not ours. " : ': the signal alone shows no cost above the noise here. ') +
      `The rounds are noisy: sftpgo-client's per-round ratios lie between ${middleHalf(ratios('sequential', OURS).rounds)} sequentially and ${middleHalf(ratios('concurrent', OURS).rounds)} concurrent (middle half of the rounds). `;
  }
  return `${signalShare}${busy}; the leaf functions where sftpgo-client spends more than bare openapi-fetch, per call: ${extra || 'none'} (bench/RESULTS.md, "Profile of the per-call loop").`;
}

function rawFetch(r: Results): string {
  const by = (name: string) => r.perCall.find((x) => x.name === name)!;
  const [raw, bare] = [by(FLOOR), by(BARE)];
  return (
    `bare openapi-fetch alone is ${f.ratio(bare.sequential.median / raw.sequential.median)} raw fetch's median latency sequentially and ` +
    `${f.ratio(bare.concurrent.median / raw.concurrent.median)} at ${r.config.perCall.concurrency} concurrent in this run: that part is openapi-fetch's (a Request per call, its URL and query building, its body parsing), under every client built on it.`
  );
}

function tokens(r: Results, name: string): string {
  const t = r.tokens.find((x) => x.name === name)!;
  const lifetimeMs = r.config.tokens.lifetimeSeconds * 1000;
  const windowMs = r.config.tokens.lifetimes * lifetimeMs;
  const counted = tokenFloor(windowMs, lifetimeMs - DATE_RESOLUTION_MS, t.marginMs);
  return (
    `${t.tokenRequests - t.floor} more than the floor. token-expiry.ts counts each token ${f.seconds(DATE_RESOLUTION_MS)} short, because the answer's \`Date\` has whole seconds ` +
    `and a token must not be presented after it expires: with that second, ⌈W ÷ (L − 1 s − m)⌉ = ${counted}${t.tokenRequests <= counted ? ', which is what was measured' : ''}.`
  );
}

function bytes(r: Results): string {
  const entry = r.bytes.find((b) => b.name === ENTRY)!;
  const alone = r.bytes.find((b) => b.name === ALONE)!;
  const own = r.bytes.find((b) => b.name === 'sftpgo-client own code');
  const largest = entry.inputs.filter((i) => !i.path.includes('node_modules')).slice(0, 5);
  return (
    `${f.bytes(entry.gzip - 5_000)} over. openapi-fetch is ${f.bytes(alone.gzip)} of it; this package's own code is ${own ? f.bytes(own.gzip) : 'the rest'} gzipped, ` +
    `spread over the features a call needs (options checked with messages that say what is wrong, the transport's timeouts, retries and redirect guard, the token cache and renewal, typed errors, progress). ` +
    `Largest inputs, minified: ${largest.map((i) => `${i.path} ${f.bytes(i.bytes)}`).join(', ')}.`
  );
}

function startup(r: Results): string {
  const over = r.startup.filter((s) => s.over !== undefined && s.over > IMPORT_TARGET_MS);
  return `${over.map((s) => `${s.name} ${f.signedMillis(s.over!)} (${f.signedMillis(s.over! - IMPORT_TARGET_MS)} over)`).join(', ')}; each is the median of ${r.config.startupRuns} runs of a fresh process.`;
}

function runsOf(row: MemoryRow): string {
  const peaks = row.runs.map((x) => x.peakMiB);
  return `${row.name}: runs ${peaks.map(f.mib).join(', ')}`;
}

function memory(r: Results, direction: 'upload' | 'download'): string {
  const rows = r.memory.rows.filter((m) => m.direction === direction && m.role === 'client');
  const floor = rows[0] ? floorOf(r.memory, rows[0]) : undefined;
  return (
    `one run's peak RSS moves by several MiB with when the garbage collector runs (${floor ? `${runsOf(floor)}; ` : ''}${rows.map(runsOf).join('; ')}); ` +
    'the medians are compared.'
  );
}

function progress(r: Results): string {
  const twins = r.memory.rows.filter((m) => m.twin);
  return `throughput of the same transfer with and without callbacks, run by run: ${twins
    .map((m) => {
      const twin = r.memory.rows.find((x) => x.id === m.twin)!;
      return `${m.direction} ${m.runs.map((x) => f.mibPerSecond(x.mibPerSecond)).join(', ')} against ${twin.runs.map((x) => f.mibPerSecond(x.mibPerSecond)).join(', ')}`;
    })
    .join('; ')}. On the download, the callbacks count each chunk in a TransformStream of their own, one more stage per chunk.`;
}

/** One Markdown bullet per missed target: by how much (its measured figure) and why. */
export function explainMisses(r: Results, list: Target[]): string[] {
  const why: Record<Target['id'], () => string> = {
    'raw-fetch': () => rawFetch(r),
    'per-call': () => perCall(r),
    tokens: () => tokens(r, OURS_TOKENS),
    'tokens-no-margin': () => tokens(r, OURS_NO_MARGIN),
    bytes: () => bytes(r),
    startup: () => startup(r),
    upload: () => memory(r, 'upload'),
    download: () => memory(r, 'download'),
    progress: () => progress(r),
  };
  return list.filter((t) => !t.met).map((t) => `- **${t.goal}**: ${t.measured}. Why: ${why[t.id]()}`);
}
