// Memory (issue 11): a file of `bytes` uploaded and downloaded by raw fetch,
// by node:http (the floor) and by this client's Node entry, each transfer
// alone in a fresh process (bench/memory-child.ts) whose peak RSS and
// throughput are its figures. The floor and the client run `runs` times,
// interleaved, and their medians count: one run's peak varies by several MiB
// with when the garbage collector runs. Raw fetch, which holds the whole file,
// runs once. The server (bench/memory-server.ts) runs in its own process and
// hashes every upload; every download is hashed here. A transfer that does
// not arrive whole fails the phase.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { CASES, type MemoryCase } from './memory-cases.js';
import { digestFile, writePatternFile } from './memory-pattern.js';
import { BENCH, ROOT, WORK } from './paths.js';
import { progress } from './progress.js';
import { median } from './stats.js';

export interface MemoryOptions {
  bytes: number;
  /** Runs of each floor and client case; raw fetch runs once. */
  runs: number;
}

export interface MemoryRun {
  ms: number;
  mibPerSecond: number;
  peakMiB: number;
  /** The process's RSS just before its transfer began. */
  rssBeforeMiB: number;
}

export interface MemoryRow extends MemoryCase {
  runs: MemoryRun[];
  /** Medians over the runs. */
  peakMiB: number;
  mibPerSecond: number;
}

export interface MemoryResult {
  size: number;
  runs: number;
  /** How long the phase took, preparing and checking included. */
  seconds: number;
  rows: MemoryRow[];
}

/** The target (issue 11): the client's peak RSS within this much of node:http's, the floor. */
export const MEMORY_TARGET_MIB = 32;

/** The floor of a row's direction. */
export const floorOf = (r: MemoryResult, row: MemoryRow): MemoryRow =>
  r.rows.find((x) => x.direction === row.direction && x.role === 'floor')!;

const DIR = join(WORK, 'memory');
const MIB = 1024 * 1024;
const WARM_UP_BYTES = 64 * MIB;
/** Generous: 1 GiB at a slow 10 MiB/s, plus start-up. */
const childTimeoutMs = (size: number) => 30_000 + (size / (10 * MIB)) * 1000;

async function startServer(size: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(BENCH, 'memory-server.ts'), String(size)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('memory: the server said nothing for 10 s')), 10_000);
    });
    const line = await Promise.race([lines.next(), timeout]).finally(() => clearTimeout(timer));
    if (line.done) throw new Error('memory: the server exited');
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  const { port } = (await next()) as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    /** What the server says it received for the upload that just ended. */
    nextUpload: async () => (await next()).upload as { bytes: number; sha256?: string; error?: string },
    async stop() {
      child.stdin!.end();
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

type Server = Awaited<ReturnType<typeof startServer>>;

/** Runs one case in a fresh `node` process; its JSON line, or an error saying why not. */
async function runChild(bundle: string, id: string, args: string[], timeoutMs: number) {
  const child = spawn(process.execPath, [bundle, id, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  clearTimeout(timer);
  if (code !== 0) throw new Error(`memory: ${id} failed (${signal ?? `exit ${code}`}${signal === 'SIGKILL' ? `, over ${timeoutMs} ms` : ''}):\n${stderr.trim()}`);
  return JSON.parse(stdout.trim()) as { ms: number; maxRssKiB: number; rssBeforeKiB: number };
}

/**
 * Untimed transfers through node:http before the measured ones: in trials the
 * first transfer a fresh server saw ran at half the speed of later ones, and
 * the floor, which goes first, paid for it.
 */
async function warmUp(bundle: string, server: Server, size: number): Promise<void> {
  const file = join(DIR, 'warm-up.bin');
  const warmSize = Math.min(size, WARM_UP_BYTES);
  await writePatternFile(file, warmSize);
  try {
    await runChild(bundle, 'upload-node-http', [server.origin, file, String(warmSize)], childTimeoutMs(warmSize));
    await server.nextUpload();
    await runChild(bundle, 'download-node-http', [server.origin, file, String(warmSize)], childTimeoutMs(warmSize));
  } finally {
    await rm(file, { force: true });
  }
}

/** One transfer of `size` bytes in a fresh process, checked whole: the server's count and digest of an upload, ours of a download. */
async function transfer(bundle: string, server: Server, c: MemoryCase, files: { upload: string; download: string }, size: number, expected: string): Promise<MemoryRun> {
  const file = c.direction === 'upload' ? files.upload : files.download;
  const figures = await runChild(bundle, c.id, [server.origin, file, String(size)], childTimeoutMs(size));
  const got: { bytes: number; sha256?: string; error?: string } = c.direction === 'upload' ? await server.nextUpload() : await digestFile(file);
  if (c.direction === 'download') await rm(file, { force: true });
  if (got.bytes !== size || got.sha256 !== expected) {
    throw new Error(`memory: ${c.direction} by ${c.name} did not arrive whole: ${got.bytes} of ${size} bytes, sha-256 ${got.sha256 ?? got.error ?? 'none'}, expected ${expected}`);
  }
  return {
    ms: figures.ms,
    mibPerSecond: size / MIB / (figures.ms / 1000),
    peakMiB: figures.maxRssKiB / 1024,
    rssBeforeMiB: figures.rssBeforeKiB / 1024,
  };
}

export async function measureMemory({ bytes: size, runs }: MemoryOptions): Promise<MemoryResult> {
  const started = performance.now();
  await mkdir(DIR, { recursive: true });
  const bundle = join(DIR, 'memory-child.mjs');
  await build({
    entryPoints: [join(BENCH, 'memory-child.ts')],
    absWorkingDir: ROOT,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile: bundle,
    logLevel: 'silent',
  });
  const files = { upload: join(DIR, 'upload.bin'), download: join(DIR, 'download.bin') };
  const done = new Map<string, MemoryRun[]>(CASES.map((c) => [c.id, []]));
  // Round by round, each case in turn, so drift spreads over all of them.
  const plan = Array.from({ length: runs }, (_, round) => CASES.filter((c) => round === 0 || c.role !== 'raw fetch')).flat();
  const server = await startServer(size);
  try {
    const expected = await writePatternFile(files.upload, size);
    await warmUp(bundle, server, size);
    const bar = progress(`memory, ${size / MIB} MiB`);
    for (const [i, c] of plan.entries()) {
      bar.update(i, plan.length);
      done.get(c.id)!.push(await transfer(bundle, server, c, files, size, expected));
    }
    bar.done();
  } finally {
    await server.stop();
    await rm(files.upload, { force: true });
    await rm(files.download, { force: true });
  }
  const rows = CASES.map((c): MemoryRow => {
    const r = done.get(c.id)!;
    return { ...c, runs: r, peakMiB: median(r.map((x) => x.peakMiB)), mibPerSecond: median(r.map((x) => x.mibPerSecond)) };
  });
  return { size, runs, seconds: (performance.now() - started) / 1000, rows };
}
