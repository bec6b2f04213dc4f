// What the live suite tells: one plain line per check as it ends, a summary,
// test-output/live.json, and, after a run against a real SFTPGo, the README's
// "Verified against" line, written between two markers and never by hand.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export interface CheckResult {
  name: string;
  title: string;
  status: 'pass' | 'fail' | 'skip';
  ms: number;
  /** Why it failed or was skipped. */
  reason?: string;
  notes: string[];
}

export interface LiveRun {
  target: { kind: string; label: string; version?: string };
  startedAt: string;
  ms: number;
  checks: CheckResult[];
  /** Failures outside any check: setup, cleanup. */
  problems: string[];
}

const ROOT = new URL('../../', import.meta.url);
const START = '<!-- live:start (written by npm run test:live against a real SFTPGo; do not edit) -->';
const END = '<!-- live:end -->';
const LABEL = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

export function printResult(result: CheckResult, out: (line: string) => void): void {
  out(`${LABEL[result.status]}  ${result.name.padEnd(18)} ${result.title} (${(result.ms / 1000).toFixed(1)} s)`);
  if (result.reason) out(`      ${result.status === 'skip' ? 'skipped' : 'failed'}: ${result.reason.split('\n').join('\n      ')}`);
  for (const note of result.notes) out(`      ${note}`);
}

export function counts(run: LiveRun): { passed: number; failed: number; skipped: number; total: number } {
  const of = (status: CheckResult['status']) => run.checks.filter((c) => c.status === status).length;
  return { passed: of('pass'), failed: of('fail'), skipped: of('skip'), total: run.checks.length };
}

export function summaryLine(run: LiveRun): string {
  const c = counts(run);
  const seconds = Math.round(run.ms / 1000);
  return `live: ${c.passed}/${c.total} checks passed, ${c.failed} failed, ${c.skipped} skipped, against ${run.target.label} (${seconds} s)`;
}

export async function writeJson(run: LiveRun): Promise<string> {
  const dir = new URL('test-output/', ROOT);
  await mkdir(dir, { recursive: true });
  const file = new URL('live.json', dir);
  await writeFile(file, `${JSON.stringify({ ...run, ...counts(run) }, null, 2)}\n`);
  return fileURLToPath(file);
}

/** The README line for a run against a real server. */
export function verifiedLine(run: LiveRun): string {
  const c = counts(run);
  const version = run.target.version ? `SFTPGo ${run.target.version}` : run.target.label;
  const how = run.target.kind === 'binary' ? 'started by the suite from `SFTPGO_BIN`' : 'at `SFTPGO_URL`';
  const skipped = run.checks.filter((r) => r.status === 'skip').map((r) => `${r.name}: ${r.reason}`);
  return [
    `Verified against ${version} (${how}) on ${run.startedAt.slice(0, 10)}:`,
    `\`npm run test:live\` passed ${c.passed}/${c.total} checks${c.failed ? `, ${c.failed} failed` : ''}` +
      `${skipped.length ? `; skipped ${skipped.join('; ')}` : ''}.`,
  ].join(' ');
}

/** Rewrites the README section between the markers; says so when they are missing. */
export async function updateReadme(run: LiveRun): Promise<boolean> {
  const file = new URL('README.md', ROOT);
  const text = await readFile(file, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) return false;
  await writeFile(file, `${text.slice(0, start)}${START}\n${verifiedLine(run)}\n${text.slice(end)}`);
  return true;
}
