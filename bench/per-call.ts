// Per-call overhead: the same bearer operation (GET /version, a fixed small
// JSON body) through raw fetch with a hand-set header (the floor), bare
// openapi-fetch with a static header, this client holding a cached token, and
// a @hey-api/openapi-ts client with its auth callback. The server runs in its
// own process. Clients are interleaved within every round, in a rotating
// order, so drift (thermal, GC, JIT) spreads over all of them.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import createClient from 'openapi-fetch';
import type { paths } from '../generated/openapi.js';
import { createSftpgoClient } from '../src/index.js';
import { loadHeyApi } from './hey-api.js';
import { BENCH, ROOT } from './paths.js';
import { progress } from './progress.js';
import { median, summarize } from './stats.js';

export type Call = () => Promise<boolean>;
export interface Contender {
  name: string;
  call: Call;
}

export interface PerCallOptions {
  rounds: number;
  /** Calls per sequential batch. */
  sequential: number;
  /** Calls per concurrent batch. */
  concurrent: number;
  concurrency: number;
  /** Sequential warm-up calls per client (plus one concurrent batch). */
  warmup: number;
}

export interface ModeFigures {
  median: number;
  p99: number;
  rps: number;
  /** CPU time of this process (user + system) per call, in µs, one figure per round. */
  cpuRounds: number[];
  /** The median of cpuRounds. */
  cpu: number;
}

export interface PerCallRow {
  name: string;
  sequential: ModeFigures;
  concurrent: ModeFigures;
  failures: number;
}

export const FLOOR = 'raw fetch';
export const BARE = 'bare openapi-fetch';
export const OURS = 'sftpgo-client';
export const HEY = '@hey-api/openapi-ts';
/** Bare openapi-fetch given a fresh AbortSignal per call, as any per-call timeout needs: what undici charges for the signal alone. */
export const BARE_SIGNAL = 'bare openapi-fetch + a signal per call';

/** What the clients authenticate with: a bearer token for those that take one, admin credentials for this client. */
export interface ContenderAuth {
  token: string;
  admin: { username: string; password: string };
}
const LOCAL_AUTH: ContenderAuth = { token: 'bench-token', admin: { username: 'admin', password: 'bench-password' } };

export async function startVersionServer(): Promise<{ baseUrl: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(BENCH, 'version-server.ts')], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const { port } = JSON.parse(line) as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v2`,
    async stop() {
      child.stdin!.end();
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

/** The clients, or those named in `only`. */
export async function contenders(baseUrl: string, only?: string[], auth: ContenderAuth = LOCAL_AUTH): Promise<Contender[]> {
  const wanted = (name: string) => !only || only.includes(name);
  const url = `${baseUrl}/version`;
  const headers = { Authorization: `Bearer ${auth.token}` };
  const list: Contender[] = [];
  if (wanted(FLOOR)) {
    list.push({
      name: FLOOR,
      call: async () => {
        const response = await fetch(url, { headers });
        return response.ok && (await response.json()) !== undefined;
      },
    });
  }
  if (wanted(BARE)) {
    const bare = createClient<paths>({ baseUrl, headers });
    list.push({ name: BARE, call: async () => (await bare.GET('/version')).data !== undefined });
  }
  if (wanted(BARE_SIGNAL)) {
    const bare = createClient<paths>({ baseUrl, headers });
    list.push({ name: BARE_SIGNAL, call: async () => (await bare.GET('/version', { signal: new AbortController().signal })).data !== undefined });
  }
  if (wanted(OURS)) {
    const ours = createSftpgoClient({ baseUrl, admin: auth.admin });
    list.push({ name: OURS, call: async () => (await ours.GET('/version')).data !== undefined });
  }
  if (wanted(HEY)) {
    const hey = await loadHeyApi();
    const client = hey.createClient(
      hey.createConfig({ baseUrl, auth: (scheme) => (scheme.scheme === 'bearer' ? auth.token : undefined) }),
    );
    list.push({ name: HEY, call: async () => (await hey.getVersion({ client })).data !== undefined });
  }
  return list;
}

/** `n` calls one after another; latencies go to `into` from `at`. */
async function sequential(call: Call, n: number, into: Float64Array, at: number): Promise<Batch> {
  let failures = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    if (!(await call())) failures++;
    into[at + i] = performance.now() - t0;
  }
  return { ms: performance.now() - start, cpuUs: cpuSince(cpu), failures };
}

/** A batch's wall time (ms), this process's CPU time over it (µs, user + system) and its failed calls. */
export interface Batch {
  ms: number;
  cpuUs: number;
  failures: number;
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return user + system;
}

/** `n` calls, `concurrency` at a time. */
export async function concurrent(
  call: Call,
  n: number,
  concurrency: number,
  into: Float64Array,
  at: number,
): Promise<Batch> {
  let failures = 0;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < n; i = next++) {
      const t0 = performance.now();
      if (!(await call())) failures++;
      into[at + i] = performance.now() - t0;
    }
  };
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ms: performance.now() - start, cpuUs: cpuSince(cpu), failures };
}

export async function measurePerCall(options: PerCallOptions): Promise<PerCallRow[]> {
  const server = await startVersionServer();
  try {
    return await runPerCall(await contenders(server.baseUrl), options, 'per-call overhead');
  } finally {
    await server.stop();
  }
}

/** Warms each client up, then runs the interleaved rounds; `label` names the progress bar. */
export async function runPerCall(clients: Contender[], options: PerCallOptions, label: string): Promise<PerCallRow[]> {
  const scratch = new Float64Array(Math.max(options.warmup, options.concurrent));
  for (const { call } of clients) {
    await sequential(call, options.warmup, scratch, 0);
    await concurrent(call, options.concurrent, options.concurrency, scratch, 0);
  }
  const state = clients.map(() => ({
    seq: new Float64Array(options.rounds * options.sequential),
    conc: new Float64Array(options.rounds * options.concurrent),
    seqRps: [] as number[],
    concRps: [] as number[],
    seqCpu: [] as number[],
    concCpu: [] as number[],
    failures: 0,
  }));
  const bar = progress(label);
  const total = options.rounds * clients.length * 2;
  let done = 0;
  for (let round = 0; round < options.rounds; round++) {
    // Rotate, and reverse every other round, so no client always runs first or after the same one.
    const order = clients.map((_, i) => (i + round) % clients.length);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      const r = await sequential(clients[i]!.call, options.sequential, state[i]!.seq, round * options.sequential);
      state[i]!.seqRps.push((options.sequential * 1000) / r.ms);
      state[i]!.seqCpu.push(r.cpuUs / options.sequential);
      state[i]!.failures += r.failures;
      bar.update(++done, total);
    }
    for (const i of order) {
      const r = await concurrent(clients[i]!.call, options.concurrent, options.concurrency, state[i]!.conc, round * options.concurrent);
      state[i]!.concRps.push((options.concurrent * 1000) / r.ms);
      state[i]!.concCpu.push(r.cpuUs / options.concurrent);
      state[i]!.failures += r.failures;
      bar.update(++done, total);
    }
  }
  bar.done();
  return clients.map(({ name }, i) => {
    const s = state[i]!;
    return {
      name,
      sequential: { ...summarize(s.seq), rps: median(s.seqRps), cpuRounds: s.seqCpu, cpu: median(s.seqCpu) },
      concurrent: { ...summarize(s.conc), rps: median(s.concRps), cpuRounds: s.concCpu, cpu: median(s.concCpu) },
      failures: s.failures,
    };
  });
}

/** Round by round, `a`'s CPU time per call over `b`'s (the same round ran both, interleaved), and their median. */
export function pairedCpuRatios(a: ModeFigures, b: ModeFigures): { rounds: number[]; median: number } {
  const rounds = a.cpuRounds.map((cpu, i) => cpu / b.cpuRounds[i]!);
  return { rounds, median: median(rounds) };
}

/**
 * One client alone, warmed up, then `calls` calls at `concurrency` under V8's
 * sampling profiler (100 µs), started and stopped around the measured loop
 * only. Writes the .cpuprofile to `out` and prints {"calls","ms","failures"}.
 * profile.ts runs this file bundled with a source map.
 */
async function profileTarget(name: string, calls: number, concurrency: number, out: string): Promise<void> {
  const server = await startVersionServer();
  try {
    const [client] = await contenders(server.baseUrl, [name]);
    if (!client) throw new Error(`no client named ${name}`);
    const scratch = new Float64Array(calls);
    await concurrent(client.call, Math.min(calls, 3000), concurrency, scratch, 0);
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    const r = await concurrent(client.call, calls, concurrency, scratch, 0);
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    await writeFile(out, JSON.stringify(profile));
    process.stdout.write(`${JSON.stringify({ calls, ms: r.ms, failures: r.failures })}\n`);
  } finally {
    await server.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [name = OURS, calls = '20000', concurrency = '64', out = 'per-call.cpuprofile'] = process.argv.slice(2);
  await profileTarget(name, Number(calls), Number(concurrency), out);
}
