import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, bench/ and the gitignored scratch folder. */
// BENCH_ROOT: set for code bundled elsewhere (the profiling bundle in bench/.work/).
export const ROOT = process.env.BENCH_ROOT ?? fileURLToPath(new URL('../', import.meta.url));
export const BENCH = join(ROOT, 'bench/');
export const WORK = join(ROOT, 'bench/.work/');
