// A hand-written SVG of the run's own figures: median per-call latency
// (sequential and concurrent) and token requests per client (log scale, with
// the floor marked). No charting library.
import * as f from './format.js';
import { FLOOR, OURS, type PerCallRow } from './per-call.js';
import type { TokenRow } from './token-requests.js';

const WIDTH = 820;
const LABEL = 290;
const BAR = 380;
const ROW = 26;
const TITLE = 34;
const GAP = 18;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const colour = (name: string) =>
  name === OURS ? '#2563eb' : name.startsWith(OURS) ? '#93c5fd' : name === FLOOR ? '#374151' : '#9ca3af';

interface Bar {
  name: string;
  /** 0..1 of the bar area. */
  share: number;
  text: string;
}

interface Mark {
  share: number;
  text: string;
}

function panel(y: number, title: string, bars: Bar[], axis?: { ticks: Mark[]; marker: Mark }): { svg: string; height: number } {
  const parts = [`<text x="12" y="${y + 20}" class="title">${esc(title)}</text>`];
  const bottom = y + TITLE + bars.length * ROW;
  for (const t of axis?.ticks ?? []) {
    const x = (LABEL + t.share * BAR).toFixed(1);
    parts.push(
      `<line x1="${x}" y1="${y + TITLE - 2}" x2="${x}" y2="${bottom}" stroke="#e5e7eb"/>`,
      `<text x="${x}" y="${bottom + 14}" text-anchor="middle" class="tick">${esc(t.text)}</text>`,
    );
  }
  bars.forEach((b, i) => {
    const top = y + TITLE + i * ROW;
    const w = Math.max(1, b.share * BAR);
    parts.push(
      `<text x="${LABEL - 8}" y="${top + 16}" text-anchor="end">${esc(b.name)}</text>`,
      `<rect x="${LABEL}" y="${top + 3}" width="${w.toFixed(1)}" height="${ROW - 8}" fill="${colour(b.name)}"/>`,
      `<text x="${(LABEL + w + 6).toFixed(1)}" y="${top + 16}">${esc(b.text)}</text>`,
    );
  });
  if (axis) {
    const x = (LABEL + axis.marker.share * BAR).toFixed(1);
    parts.push(
      `<line x1="${x}" y1="${y + TITLE - 2}" x2="${x}" y2="${bottom + 18}" stroke="#dc2626" stroke-dasharray="4 3"/>`,
      `<text x="${x}" y="${bottom + 30}" text-anchor="middle" fill="#dc2626">${esc(axis.marker.text)}</text>`,
    );
  }
  return { svg: parts.join('\n'), height: TITLE + bars.length * ROW + (axis ? 36 : 4) };
}

function latencyBars(rows: PerCallRow[], mode: 'sequential' | 'concurrent'): Bar[] {
  const floor = rows.find((r) => r.name === FLOOR)![mode].median;
  const max = Math.max(...rows.map((r) => r[mode].median));
  return rows.map((r) => ({
    name: r.name,
    share: r[mode].median / max,
    text: `${f.latency(r[mode].median)} (${f.ratio(r[mode].median / floor)})`,
  }));
}

export function renderChart(r: { perCall: PerCallRow[]; tokens: TokenRow[]; concurrency: number; caption: string }): string {
  const panels: string[] = [];
  let y = 8;
  for (const [mode, title] of [
    ['sequential', 'Per-call latency, sequential: median (ratio to raw fetch)'],
    ['concurrent', `Per-call latency, ${r.concurrency} concurrent: median (ratio to raw fetch)`],
  ] as const) {
    const p = panel(y, title, latencyBars(r.perCall, mode));
    panels.push(p.svg);
    y += p.height + GAP;
  }
  const max = Math.max(...r.tokens.map((t) => t.tokenRequests), 10);
  const top = Math.ceil(Math.log10(max));
  const share = (v: number) => Math.log10(Math.max(1, v)) / top;
  const floor = r.tokens[0]?.floor ?? 1;
  const calls = r.tokens[0]?.calls ?? 0;
  const p = panel(
    y,
    `Token requests for ${f.integer(calls)} calls over ${floor} token lifetime${floor === 1 ? '' : 's'} (log scale)`,
    r.tokens.map((t) => ({
      name: t.name,
      share: share(t.tokenRequests),
      text: `${f.integer(t.tokenRequests)}${t.failed ? `, ${f.integer(t.failed)} failed` : ''}`,
    })),
    {
      ticks: Array.from({ length: top + 1 }, (_, i) => ({ share: i / top, text: f.integer(10 ** i) })),
      marker: { share: share(floor), text: `floor: ${floor}` },
    },
  );
  panels.push(p.svg);
  y += p.height + 8;
  panels.push(`<text x="12" y="${y + 10}" class="caption">${esc(r.caption)}</text>`);
  const height = y + 20;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="13">`,
    '<style>.title{font-weight:600;font-size:14px}.caption{fill:#6b7280;font-size:11px}.tick{fill:#9ca3af;font-size:10px}</style>',
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    ...panels,
    '</svg>',
    '',
  ].join('\n');
}
