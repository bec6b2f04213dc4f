// Starts one Prism mock of openapi.yaml for the whole run; tests read its URL
// with inject('prismUrl'). Prism ignores the spec's `servers` (/api/v2), so the
// URL is Prism's root and doubles as the client's base URL. Packs the package
// once, for the packaging tests (inject('tarball')): two packs at once would
// race on dist/. The mock's URL is that of a recording front
// (recording-proxy.ts), so the secret check sees every request sent to the
// mock, from any process (issue 14).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { packPackage } from './support/packed-package.js';
import { startPrism } from './support/prism.js';
import { startRecordingProxy } from './support/recording-proxy.js';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrl: string;
    tarball: string;
  }
}

const SPEC = fileURLToPath(new URL('../openapi.yaml', import.meta.url));
const OUTPUT_DIR = fileURLToPath(new URL('../test-output/', import.meta.url));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const packDir = await mkdtemp(join(tmpdir(), 'sftpgo-client-pack-'));
  const [prism, tarball] = await Promise.all([startPrism({ spec: SPEC, mode: 'mock' }), packPackage(packDir)]);
  const front = await startRecordingProxy('Prism mock', prism.url);
  project.provide('prismUrl', front.url);
  project.provide('tarball', tarball);
  return async () => {
    await front.close();
    await rm(packDir, { recursive: true, force: true });
    // Prism's log, kept for debugging a failed run (test-output/ is gitignored).
    const log = prism.output();
    await prism.stop();
    await mkdir(OUTPUT_DIR, { recursive: true });
    await writeFile(`${OUTPUT_DIR}prism-mock.log`, log);
  };
}
