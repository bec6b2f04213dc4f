import { readFile } from 'node:fs/promises';
import { SftpgoGenerateError } from '../errors/sftpgo-generate-error.js';
import { checkSpec } from './check-spec.js';
import type { Json } from './deref.js';
import { loadPeer } from './load-peer.js';

const FETCH_TIMEOUT_MS = 30_000;

/**
 * Reads the spec from a file or an http(s) URL (SFTPGo serves its own at
 * `/openapi/openapi.yaml`), parses YAML or JSON and checks it can be used.
 */
export async function loadSpec(source: string): Promise<Json> {
  const text = /^https?:\/\//i.test(source) ? await download(source) : await readLocal(source);
  const { parse } = await loadPeer<typeof import('yaml')>('yaml');
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new SftpgoGenerateError(`${source} is neither YAML nor JSON (${(error as Error).message.split('\n')[0]})`);
  }
  checkSpec(doc, source);
  return doc as Json;
}

async function readLocal(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new SftpgoGenerateError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

async function download(url: string): Promise<string> {
  // Printed in messages without any user:password part.
  const shown = new URL(url);
  shown.username = shown.password = '';
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/yaml, application/json;q=0.9, */*;q=0.5' } });
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${FETCH_TIMEOUT_MS / 1000} s` : 'the connection failed';
    throw new SftpgoGenerateError(`cannot fetch ${shown.href}: ${reason}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new SftpgoGenerateError(`cannot fetch ${shown.href}: the server answered ${response.status}`);
  }
  return response.text();
}
