// Where a per-call target is missed: V8 CPU profiles of the concurrent loop
// for the floor, bare openapi-fetch and this client, each in a fresh process
// running per-call.ts bundled by esbuild with a source map, so every frame
// maps back to its file and line in src/ or node_modules/.
import { spawnSync } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { SourceMap } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { BARE, FLOOR, OURS } from './per-call.js';
import { BENCH, ROOT, WORK } from './paths.js';
import { note } from './progress.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ClientCost {
  name: string;
  /** Busy (not idle) CPU time per call, µs, of which garbage collection. */
  cpuUs: number;
  gcUs: number;
}

export interface FrameCost {
  /** `function file:line`, the line in the original source. */
  frame: string;
  /** Time per call, µs, with this frame on the stack. */
  inclusiveUs: number;
  /** Time per call by what this function called directly (inclusive), or `(self)`; the largest ones. */
  under: { frame: string; us: number }[];
}

export interface ProfileResult {
  calls: number;
  concurrency: number;
  clients: ClientCost[];
  /** Functions of src/ in this client's profile, largest inclusive time first. */
  frames: FrameCost[];
  /** Leaf functions (self time) this client spends more on than bare openapi-fetch, µs per call. */
  extra: { frame: string; us: number }[];
}

const DIR = join(WORK, 'profile');

export async function profilePerCall(calls: number, concurrency: number): Promise<ProfileResult> {
  await mkdir(DIR, { recursive: true });
  const bundle = join(DIR, 'per-call.mjs');
  await build({
    entryPoints: [join(BENCH, 'per-call.ts')],
    absWorkingDir: ROOT,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'external',
    outfile: bundle,
    logLevel: 'silent',
  });
  const map = new SourceMap(JSON.parse(await readFile(`${bundle}.map`, 'utf8')));
  const clients: ClientCost[] = [];
  let frames: FrameCost[] = [];
  const leaves = new Map<string, Map<string, number>>();
  for (const name of [FLOOR, BARE, OURS]) {
    note(`profiling ${name}`);
    const out = join(DIR, `${name.replace(/\W+/g, '-')}.cpuprofile`);
    const run = spawnSync(process.execPath, [bundle, name, String(calls), String(concurrency), out], {
      cwd: ROOT,
      env: { ...process.env, BENCH_ROOT: ROOT },
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`profiling ${name} failed: ${run.stderr}`);
    const profile = JSON.parse(await readFile(out, 'utf8')) as CpuProfile;
    const analysis = analyse(profile, map, bundle, calls);
    clients.push({ name, cpuUs: analysis.cpuUs, gcUs: analysis.gcUs });
    leaves.set(name, analysis.leaves);
    if (name === OURS) frames = analysis.frames;
  }
  const ours = leaves.get(OURS)!;
  const bare = leaves.get(BARE)!;
  const extra = [...ours]
    .map(([frame, us]) => ({ frame, us: us - (bare.get(frame) ?? 0) }))
    .filter((e) => e.us > 0)
    .sort((a, b) => b.us - a.us)
    .slice(0, 12);
  return { calls, concurrency, clients, frames, extra };
}

function analyse(profile: CpuProfile, map: SourceMap, bundle: string, calls: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = new Map<number, { text: string; src: boolean }>();
  const bundleUrl = pathToFileURL(bundle).href;
  for (const n of profile.nodes) label.set(n.id, describe(n.callFrame, map, bundleUrl, bundle));

  let busy = 0;
  let gc = 0;
  const leaves = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const under = new Map<string, Map<string, number>>();
  profile.samples.forEach((id, i) => {
    // timeDeltas[i] is the time since the previous sample: it belongs to the previous sample's stack.
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const leaf = byId.get(id)!.callFrame.functionName;
    if (leaf === '(idle)') return;
    busy += dt;
    if (leaf === '(garbage collector)') gc += dt;
    const leafLabel = label.get(id)!.text;
    leaves.set(leafLabel, (leaves.get(leafLabel) ?? 0) + dt / calls);
    const seen = new Set<string>();
    let callee: string | undefined;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { text, src } = label.get(at)!;
      if (src && !seen.has(text)) {
        seen.add(text);
        inclusive.set(text, (inclusive.get(text) ?? 0) + dt);
        // What this src/ function called, on this sample's stack: time by direct callee.
        const key = callee ?? '(self)';
        const below = under.get(text) ?? new Map<string, number>();
        below.set(key, (below.get(key) ?? 0) + dt);
        under.set(text, below);
      }
      callee = text;
    }
  });
  const frames = [...inclusive]
    .sort((a, b) => b[1] - a[1])
    .map(([frame, us]) => ({
      frame,
      inclusiveUs: us / calls,
      under: [...(under.get(frame) ?? new Map<string, number>())]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([f, t]) => ({ frame: f, us: t / calls })),
    }));
  return { cpuUs: busy / calls, gcUs: gc / calls, frames, leaves };
}

/** `name file:line` in the original source; `src` when the file is under src/. */
function describe(frame: CallFrame, map: SourceMap, bundleUrl: string, bundle: string): { text: string; src: boolean } {
  const name = frame.functionName || '(anonymous)';
  if (frame.url !== bundleUrl) return { text: frame.url ? `${name} ${frame.url.replace(/^file:\/\//, '')}` : name, src: false };
  const entry = map.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number };
  if (!entry.originalSource) return { text: `${name} (bundle)`, src: false };
  const file = relative(ROOT, resolve(dirname(bundle), entry.originalSource.replace(/^file:\/\//, '')));
  return { text: `${name} ${file}:${(entry.originalLine ?? 0) + 1}`, src: file.startsWith('src/') };
}
