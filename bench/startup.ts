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
export const IMPORT_DIST = 'import the library (dist)';
export const CLI = 'sftpgo-token --help';
export const GENERATE_CLI = 'sftpgo-client generate --help';
/** The two commands the package installs, each timed with --help. */
const BINS = [
  { name: CLI, file: 'sftpgo-token', args: ['--help'] },
  { name: GENERATE_CLI, file: 'sftpgo-client', args: ['generate', '--help'] },
];

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
    list.push({ name: IMPORT_DIST, args: [join(WORK, 'import-dist.mjs')], baseline: NODE, note: 'dist/src/index.js as published' });
  }
  const tsxBaseline = 'node --import tsx -e 0';
  for (const bin of BINS) {
    const distCli = join(ROOT, `dist/src/cli/${bin.file}.js`);
    if (existsSync(distCli)) {
      const built = statSync(distCli).mtime;
      const newer = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).some((f) => statSync(join(ROOT, 'src', f)).mtime > built);
      const when = built.toISOString().replace(/\.\d{3}Z$/, 'Z');
      list.push({ name: bin.name, args: [distCli, ...bin.args], baseline: NODE, note: `dist/ built ${when}${newer ? ', older than some files of src/' : ''}` });
    } else if (existsSync(join(ROOT, `src/cli/${bin.file}.ts`))) {
      if (!list.some((c) => c.name === tsxBaseline)) list.push({ name: tsxBaseline, args: ['--import', 'tsx', '-e', '0'], baseline: NODE, note: 'the TypeScript loader alone' });
      list.push({ name: bin.name, args: ['--import', 'tsx', join(ROOT, `src/cli/${bin.file}.ts`), ...bin.args], baseline: tsxBaseline, note: 'no dist/ at run time' });
    }
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
  for (const bin of BINS) {
    if (!list.some((c) => c.name === bin.name)) {
      rows.push({ name: bin.name, command: '-', median: Number.NaN, exitCode: null, note: `not measured: neither dist/src/cli/${bin.file}.js nor src/cli/${bin.file}.ts exists` });
    }
  }
  return rows;
}
