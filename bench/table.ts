// The one table of every figure: one row per figure, with its ratio to the
// floor of its phase. Printed as aligned text and written as Markdown.
import type { BytesRow } from './bytes.js';
import * as f from './format.js';
import { floorOf, MEMORY_TARGET_MIB, type MemoryResult } from './memory.js';
import { BARE, FLOOR, pairedCpuRatios, type PerCallRow } from './per-call.js';
import { CLI, GENERATE_CLI, type StartupRow } from './startup.js';
import type { TokenRow } from './token-requests.js';

export interface Row {
  phase: string;
  subject: string;
  figure: string;
  value: string;
  ratio: string;
  against: string;
}

export const HEADER: Row = { phase: 'Phase', subject: 'Subject', figure: 'Figure', value: 'Value', ratio: 'Ratio', against: 'Ratio to' };

export function buildRows(r: {
  perCall: PerCallRow[];
  tokens: TokenRow[];
  bytes: BytesRow[];
  startup: StartupRow[];
  memory: MemoryResult;
  concurrency: number;
}): Row[] {
  const rows: Row[] = [];
  const floor = r.perCall.find((p) => p.name === FLOOR)!;
  const bare = r.perCall.find((p) => p.name === BARE)!;
  for (const mode of ['sequential', 'concurrent'] as const) {
    const phase = mode === 'sequential' ? 'per call, sequential' : `per call, ${r.concurrency} concurrent`;
    for (const p of r.perCall) {
      const m = p[mode];
      const base = floor[mode];
      rows.push({ phase, subject: p.name, figure: 'median latency', value: f.latency(m.median), ratio: f.ratio(m.median / base.median), against: FLOOR });
      rows.push({ phase, subject: p.name, figure: 'p99 latency', value: f.latency(m.p99), ratio: f.ratio(m.p99 / base.p99), against: FLOOR });
      rows.push({ phase, subject: p.name, figure: 'calls per second', value: f.integer(m.rps), ratio: f.ratio(m.rps / base.rps), against: FLOOR });
      rows.push({ phase, subject: p.name, figure: 'CPU per call (median of rounds)', value: f.micros(m.cpu), ratio: f.ratio(m.cpu / base.cpu), against: FLOOR });
      if (p.name !== FLOOR && p.name !== BARE) {
        const paired = pairedCpuRatios(m, bare[mode]);
        rows.push({ phase, subject: p.name, figure: 'CPU per call, paired by round', value: '', ratio: f.ratio(paired.median), against: BARE });
      }
      if (mode === 'concurrent' && p.failures > 0) {
        rows.push({ phase: 'per call', subject: p.name, figure: 'failed calls (all rounds)', value: f.integer(p.failures), ratio: '', against: '' });
      }
    }
  }
  for (const t of r.tokens) {
    const phase = `token requests, ${f.integer(t.calls)} calls`;
    rows.push({ phase, subject: t.name, figure: 'token requests', value: f.integer(t.tokenRequests), ratio: f.ratio(t.tokenRequests / t.floor), against: `floor ⌈W ÷ (L − m)⌉, m ${f.seconds(t.marginMs)}: ${t.floor}` });
    rows.push({ phase, subject: t.name, figure: 'failed calls', value: f.integer(t.failed), ratio: '', against: '' });
    rows.push({ phase, subject: t.name, figure: 'calls sent with an expired token', value: f.integer(t.expiredPresented), ratio: '', against: '' });
  }
  for (const t of r.tokens) {
    const phase = 'token requests, after the 30 s leeway';
    rows.push({ phase, subject: t.name, figure: `failed of ${t.probe.calls} more calls`, value: f.integer(t.probe.failed), ratio: '', against: '' });
    rows.push({ phase, subject: t.name, figure: 'token requests', value: f.integer(t.probe.tokenRequests), ratio: '', against: '' });
  }
  const alone = r.bytes.find((b) => b.name === 'openapi-fetch alone')!;
  for (const b of r.bytes) {
    rows.push({ phase: 'bytes, browser', subject: b.name, figure: 'minified', value: f.bytes(b.minified), ratio: f.ratio(b.minified / alone.minified), against: alone.name });
    rows.push({ phase: 'bytes, browser', subject: b.name, figure: 'minified + gzip -9', value: f.bytes(b.gzip), ratio: f.ratio(b.gzip / alone.gzip), against: alone.name });
  }
  const medians = new Map(r.startup.map((s) => [s.name, s.median]));
  for (const s of r.startup) {
    const status = s.exitCode === 0 || s.exitCode === null ? '' : ` (exit ${s.exitCode})`;
    rows.push({
      phase: 'start-up, median wall time',
      // Which way the CLI ran (dist/ or tsx) depends on what exists at run time.
      subject: (s.name === CLI || s.name === GENERATE_CLI) && s.command !== '-' ? `${s.name} (${s.command})` : s.name,
      figure: s.baseline ? `time; over ${s.baseline}` : 'time',
      value: s.baseline ? `${f.millis(s.median)}; ${f.signedMillis(s.over!)}${status}` : `${f.millis(s.median)}${status}`,
      ratio: s.baseline ? f.ratio(s.median / medians.get(s.baseline)!) : Number.isFinite(s.median) ? f.ratio(1) : '',
      against: s.baseline ?? (Number.isFinite(s.median) ? s.name : ''),
    });
  }
  for (const m of r.memory.rows) {
    const phase = `memory, ${m.direction} of ${f.size(r.memory.size)}`;
    const floor = floorOf(r.memory, m);
    const over = m.peakMiB - floor.peakMiB;
    const against = floor.name;
    const of = m.runs.length > 1 ? `, median of ${m.runs.length} runs` : ', 1 run';
    if (m === floor) rows.push({ phase, subject: m.name, figure: `peak RSS${of}`, value: f.mib(m.peakMiB), ratio: f.ratio(1), against });
    else rows.push({ phase, subject: m.name, figure: `peak RSS${of}; over the floor`, value: `${f.mib(m.peakMiB)}; ${f.signedMib(over)}`, ratio: f.ratio(m.peakMiB / floor.peakMiB), against });
    rows.push({ phase, subject: m.name, figure: `throughput${of}`, value: f.mibPerSecond(m.mibPerSecond), ratio: f.ratio(m.mibPerSecond / floor.mibPerSecond), against });
    if (m.role === 'client') {
      rows.push({ phase, subject: m.name, figure: `target: peak ≤ floor + ${MEMORY_TARGET_MIB} MiB`, value: over <= MEMORY_TARGET_MIB ? 'met' : 'MISSED', ratio: '', against: '' });
    }
  }
  return rows;
}

const COLUMNS: (keyof Row)[] = ['phase', 'subject', 'figure', 'value', 'ratio', 'against'];
const RIGHT = new Set<keyof Row>(['value', 'ratio']);

export function renderText(rows: Row[]): string {
  const all = [HEADER, ...rows];
  const width = COLUMNS.map((c) => Math.max(...all.map((r) => r[c].length)));
  const line = (r: Row) =>
    COLUMNS.map((c, i) => (RIGHT.has(c) ? r[c].padStart(width[i]!) : r[c].padEnd(width[i]!))).join('  ').trimEnd();
  const rule = width.map((w) => '-'.repeat(w)).join('  ');
  const out = [line(HEADER), rule];
  let phase = '';
  for (const r of rows) {
    if (r.phase !== phase && phase !== '') out.push('');
    phase = r.phase;
    out.push(line(r));
  }
  return out.join('\n');
}

export function renderMarkdown(rows: Row[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const line = (r: Row) => `| ${COLUMNS.map((c) => esc(r[c])).join(' | ')} |`;
  const align = `| ${COLUMNS.map((c) => (RIGHT.has(c) ? '---:' : '---')).join(' | ')} |`;
  return [line(HEADER), align, ...rows.map(line)].join('\n');
}
