// Start-up: wall time from spawn to exit of fresh Node processes, the median
// of `runs` runs, the commands interleaved run by run after one warm-up each.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT, WORK } from './paths.js';
import { progress } from './progress.js';
import { median } from './stats.js';

export interface StartupRow {
  name: string;
  command: string;
  median: number;
  /** The row this one is compared with, and the difference in ms. */
  baseline?: string;
  over?: number;
  exitCode: number | null;
  note?: string;
}

interface Command {
  name: string;
  args: string[];
  baseline?: string;
  note?: string;
}

export const NODE = 'node -e 0';
export const IMPORT = 'import the library (bundle)';
export const CLI = 'sftpgo-token --help';

/** lib.mjs (src/index.ts bundled for node, openapi-fetch included) and the scripts that import things. */
async function prepare(): Promise<void> {
  await build({
    entryPoints: [join(ROOT, 'src/index.ts')],
    absWorkingDir: ROOT,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile: join(WORK, 'lib.mjs'),
    logLevel: 'silent',
  });
  await writeFile(join(WORK, 'import.mjs'), "await import('./lib.mjs');\n");
  await writeFile(join(WORK, 'import-openapi-fetch.mjs'), "await import('openapi-fetch');\n");
  await writeFile(join(WORK, 'import-dist.mjs'), "await import('../../dist/src/index.js');\n");
  await writeFile(join(WORK, 'empty.mjs'), '\n');
}

function commands(): Command[] {
  const list: Command[] = [
    { name: NODE, args: ['-e', '0'] },
    { name: 'node empty.mjs', args: [join(WORK, 'empty.mjs')], baseline: NODE, note: 'an ES module importing nothing' },
    { name: IMPORT, args: [join(WORK, 'import.mjs')], baseline: NODE, note: 'bench/.work/lib.mjs: src/index.ts + openapi-fetch, one file' },
    { name: 'import openapi-fetch', args: [join(WORK, 'import-openapi-fetch.mjs')], baseline: NODE, note: 'from node_modules' },
  ];
  if (existsSync(join(ROOT, 'dist/src/index.js'))) {
    list.push({ name: 'import the library (dist)', args: [join(WORK, 'import-dist.mjs')], baseline: NODE, note: 'dist/src/index.js as published' });
  }
  const distCli = join(ROOT, 'dist/src/cli/sftpgo-token.js');
  if (existsSync(distCli)) {
    const built = statSync(distCli).mtime;
    const newer = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).some((f) => statSync(join(ROOT, 'src', f)).mtime > built);
    const when = built.toISOString().replace(/\.\d{3}Z$/, 'Z');
    list.push({ name: CLI, args: [distCli, '--help'], baseline: NODE, note: `dist/ built ${when}${newer ? ', older than some files of src/' : ''}` });
  } else if (existsSync(join(ROOT, 'src/cli/sftpgo-token.ts'))) {
    list.push({ name: 'node --import tsx -e 0', args: ['--import', 'tsx', '-e', '0'], baseline: NODE, note: 'the TypeScript loader alone' });
    list.push({ name: CLI, args: ['--import', 'tsx', join(ROOT, 'src/cli/sftpgo-token.ts'), '--help'], baseline: 'node --import tsx -e 0', note: 'no dist/ at run time' });
  }
  return list;
}

function time(args: string[]): { ms: number; status: number | null } {
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
  return { ms: performance.now() - start, status: run.status };
}

export async function measureStartup(runs: number): Promise<StartupRow[]> {
  await prepare();
  const list = commands();
  const samples = list.map(() => [] as number[]);
  const status = list.map((c) => time(c.args).status); // warm-up: file cache, compile cache
  const bar = progress('start-up');
  for (let run = 0; run < runs; run++) {
    list.forEach((c, i) => {
      const r = time(c.args);
      samples[i]!.push(r.ms);
      if (r.status !== 0) status[i] = r.status;
    });
    bar.update(run + 1, runs);
  }
  bar.done();
  const medians = new Map(list.map((c, i) => [c.name, median(samples[i]!)]));
  const rows: StartupRow[] = list.map((c, i) => ({
    name: c.name,
    command: `node ${c.args.map((a) => a.replace(ROOT, '')).join(' ')}`,
    median: medians.get(c.name)!,
    ...(c.baseline ? { baseline: c.baseline, over: medians.get(c.name)! - medians.get(c.baseline)! } : {}),
    exitCode: status[i]!,
    ...(c.note ? { note: c.note } : {}),
  }));
  if (!list.some((c) => c.name === CLI)) {
    rows.push({ name: CLI, command: '-', median: Number.NaN, exitCode: null, note: 'not measured: neither dist/src/cli/sftpgo-token.js nor src/cli/sftpgo-token.ts exists' });
  }
  return rows;
}
