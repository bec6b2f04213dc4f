// Starts one Prism mock of openapi.yaml for the whole run; tests read its URL
// with inject('prismUrl'). Prism ignores the spec's `servers` (/api/v2), so the
// URL is Prism's root and doubles as the client's base URL.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startPrism } from './support/prism.js';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

const SPEC = fileURLToPath(new URL('../openapi.yaml', import.meta.url));
const OUTPUT_DIR = fileURLToPath(new URL('../test-output/', import.meta.url));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prism = await startPrism({ spec: SPEC, mode: 'mock' });
  project.provide('prismUrl', prism.url);
  return async () => {
    // Prism's log, kept for debugging a failed run (test-output/ is gitignored).
    const log = prism.output();
    await prism.stop();
    await mkdir(OUTPUT_DIR, { recursive: true });
    await writeFile(`${OUTPUT_DIR}prism-mock.log`, log);
  };
}
