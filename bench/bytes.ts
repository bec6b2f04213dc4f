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
  /** Minified bytes per input file, largest first. */
  inputs: { path: string; bytes: number }[];
}

export const ENTRY = 'sftpgo-client browser entry';
export const ALONE = 'openapi-fetch alone';

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
    outfile: 'out.js',
  });
  const code = result.outputFiles[0]!.contents;
  const output = Object.values(result.metafile.outputs)[0]!;
  const inputs = Object.entries(output.inputs)
    .map(([path, info]) => ({ path, bytes: info.bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  return { name, what, minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength, inputs };
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
