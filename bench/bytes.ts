// Bytes shipped to a browser: esbuild bundles (ESM, platform browser, minified,
// ES2022), gzipped at level 9. The library's entry includes openapi-fetch.
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions } from 'esbuild';
import { HEY_API_DIR } from './hey-api.js';
import { ROOT } from './paths.js';

export interface BytesRow {
  name: string;
  what: string;
  minified: number;
  gzip: number;
  /** The entry chunk and every chunk it may load on demand, each gzipped on its own (as served). */
  withLazy: { minified: number; gzip: number };
  /** Minified bytes per input file of the entry chunk, largest first. */
  inputs: { path: string; bytes: number }[];
  /** Those of the chunks loaded on demand. */
  lazyInputs: { path: string; bytes: number }[];
}

export const ENTRY = 'sftpgo-client browser entry';
export const ALONE = 'openapi-fetch alone';

/**
 * Bundled as an application would be, with code splitting: `minified` and
 * `gzip` are the entry chunk and the chunks it imports statically, what every
 * page loads (each chunk gzipped on its own, as served); `lazy` adds the chunks
 * loaded on demand (the TOTP code, for a client given a `totpSecret`).
 */
async function measure(name: string, what: string, entry: Pick<BuildOptions, 'entryPoints' | 'stdin' | 'external'>): Promise<BytesRow> {
  const result = await build({
    ...entry,
    absWorkingDir: ROOT,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    splitting: !entry.stdin,
    outdir: 'out',
  });
  const outputs = result.metafile.outputs;
  const entryPath = Object.keys(outputs).find((path) => outputs[path]!.entryPoint !== undefined) ?? Object.keys(outputs)[0]!;
  // What a page loads up front: the entry and the chunks it imports statically.
  const upFront = new Set<string>();
  const visit = (path: string) => {
    if (upFront.has(path)) return;
    upFront.add(path);
    for (const i of outputs[path]!.imports) if (i.kind === 'import-statement' && outputs[i.path]) visit(i.path);
  };
  visit(entryPath);
  const contents = (path: string) => result.outputFiles.find((o) => o.path.endsWith(`/${path}`))!.contents;
  const sizes = (paths: string[]) => ({
    minified: paths.reduce((n, p) => n + contents(p).byteLength, 0),
    gzip: paths.reduce((n, p) => n + gzipSync(contents(p), { level: 9 }).byteLength, 0),
  });
  const byInput = (paths: string[]) =>
    paths
      .flatMap((p) => Object.entries(outputs[p]!.inputs).map(([path, info]) => ({ path, bytes: info.bytesInOutput })))
      .sort((a, b) => b.bytes - a.bytes);
  const { minified, gzip } = sizes([...upFront]);
  const inputs = byInput([...upFront]);
  const lazyInputs = byInput(Object.keys(outputs).filter((p) => !upFront.has(p)));
  return {
    name,
    what,
    minified,
    gzip,
    withLazy: sizes(Object.keys(outputs)),
    inputs,
    lazyInputs,
  };
}

export async function measureBytes(): Promise<BytesRow[]> {
  const openapiFetch = { contents: "export * from 'openapi-fetch'; export { default } from 'openapi-fetch';", resolveDir: ROOT, loader: 'js' as const };
  return [
    await measure(ENTRY, 'src/index.ts, openapi-fetch included', { entryPoints: [join(ROOT, 'src/index.ts')] }),
    await measure('sftpgo-client own code', 'src/index.ts, openapi-fetch left out', { entryPoints: [join(ROOT, 'src/index.ts')], external: ['openapi-fetch'] }),
    await measure(ALONE, 'every export of openapi-fetch', { stdin: openapiFetch }),
    await measure('@hey-api client-fetch runtime', 'generated client/ (createClient, createConfig)', { entryPoints: [join(HEY_API_DIR, 'client/index.ts')] }),
    await measure('@hey-api runtime + SDK', 'generated index.ts: runtime and the 6 operations', { entryPoints: [join(HEY_API_DIR, 'index.ts')] }),
  ];
}
