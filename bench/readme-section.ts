// Writes the latest run's targets, why any was missed, and every figure into README.md, between
// two markers, so the README shows figures from a run and never typed ones.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT } from './paths.js';
import { explainMisses } from './explain-misses.js';
import type { Results, Target } from './report.js';
import { renderMarkdown, type Row } from './table.js';

const START = '<!-- bench:start (written by npm run bench; do not edit) -->';
const END = '<!-- bench:end -->';

/** `extra`: a section reported apart (the real-server phase). */
export function renderReadmeSection(r: Results, rows: Row[], list: Target[], extra?: string): string {
  const e = r.env;
  return [
    START,
    `Measured on ${e.date} (commit ${e.source.commit}), Node ${e.node}, ${e.cpu}, ${e.cores} cores.`,
    '',
    '![Per-call latency and token requests per client](bench/results.svg)',
    '',
    '| Target | Measured | Met |',
    '| --- | --- | --- |',
    ...list.map((t) => `| ${t.goal} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |`),
    '',
    ...(list.some((t) => !t.met) ? ['Targets missed, by how much and why (from the same run):', '', ...explainMisses(r, list), ''] : []),
    'Every figure of the run (bench/RESULTS.md adds the profile, the rounds and how each phase ran):',
    '',
    renderMarkdown(rows),
    ...(extra ? ['', extra] : []),
    END,
  ].join('\n');
}

/** Replaces the section between the markers; fails loudly when they are missing. */
export async function updateReadme(section: string): Promise<void> {
  const path = join(ROOT, 'README.md');
  const text = await readFile(path, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`bench: README.md has no "${START}" … "${END}" section to update`);
  await writeFile(path, text.slice(0, start) + section + text.slice(end + END.length));
}
