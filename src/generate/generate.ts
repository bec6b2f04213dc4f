import { buildSecurityMap } from './build-security-map.js';
import { loadSpec } from './load-spec.js';
import { renderFiles } from './render-files.js';
import { renderTypes } from './render-types.js';

export interface GenerateOptions {
  /** A file path or an http(s) URL, e.g. `https://sftpgo.example.com/openapi/openapi.yaml`. */
  spec: string;
  /** The output folder as it should appear in the generated header. */
  out: string;
  /** Write the bound `createSftpgoClient` too (default true). */
  factory?: boolean;
  /** Where the bound factory imports the client from. Default `sftpgo-client`. */
  runtime?: string;
}

/**
 * A spec -> the files of a typed client for it: the openapi-typescript types,
 * the security map and, unless asked not to, a factory bound to both. Reads
 * and checks everything before anything is written (issue 10).
 *
 * @example
 * const files = await generate({ spec: 'openapi.yaml', out: 'sftpgo' });
 */
export async function generate(options: GenerateOptions): Promise<Record<string, string>> {
  const doc = await loadSpec(options.spec);
  const map = buildSecurityMap(doc);
  const types = await renderTypes(doc);
  const info = (doc.info ?? {}) as { title?: unknown; version?: unknown };
  return renderFiles({
    source: options.spec,
    out: options.out,
    factory: options.factory ?? true,
    runtime: options.runtime ?? 'sftpgo-client',
    title: [info.title, info.version].filter((part) => typeof part === 'string' && part).join(' ') || 'untitled',
    types,
    map,
  });
}
