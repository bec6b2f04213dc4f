// One measurement of the memory phase, alone in its process, so the process's
// peak RSS (`process.resourceUsage().maxRSS`) is this transfer's and nothing
// else's. bench/memory.ts runs it bundled (bench/.work/memory-child.mjs) with
// plain `node`, the same way for every case: no loader in the process.
//   node memory-child.mjs <case id> <server origin> <file> <size>
// Uploads send <file>; downloads write <size> bytes into <file>. Prints
// {"ms","maxRssKiB","rssBeforeKiB"}; exits non-zero when the server says no.
import { createReadStream, createWriteStream, openAsBlob } from 'node:fs';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import { createSftpgoClient } from '../src/node.js';
import type { paths } from '../test/fixtures/generated/openapi.js';
import { securityMap } from '../test/fixtures/generated/security.js';
import { DOWNLOAD_PATH, TOKEN, UPLOAD_PATH, USER } from './memory-cases.js';

const [id = '', origin = '', file = '', sizeText = ''] = process.argv.slice(2);
const size = Number(sizeText);
const bearer = { authorization: `Bearer ${TOKEN}` };
const uploadUrl = `${origin}${UPLOAD_PATH}?path=${encodeURIComponent('/bench.bin')}`;
const downloadUrl = `${origin}${DOWNLOAD_PATH}?path=${encodeURIComponent(`/${size}`)}`;
const fileStream = () => Readable.toWeb(createReadStream(file)) as unknown as ReadableStream<Uint8Array>;
const client = () => createSftpgoClient<paths>({ baseUrl: `${origin}/api/v2`, user: USER, securityMap });

/** Node's http, the floor: a file piped into a request, or an answer piped into a file. */
function nodeHttp(method: 'POST' | 'GET', url: string, body?: Readable, into?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = body ? { ...bearer, 'content-type': 'application/octet-stream', 'content-length': String(size) } : bearer;
    const outgoing = request(url, { method, headers }, (incoming) => {
      const read = into ? pipeline(incoming, createWriteStream(into)) : finished(incoming.resume());
      read.then(() => resolve(incoming.statusCode ?? 0), reject);
    });
    outgoing.once('error', reject);
    if (body) pipeline(body, outgoing).catch(reject);
    else outgoing.end();
  });
}

async function toFile(body: ReadableStream<Uint8Array> | null | undefined): Promise<void> {
  if (!body) throw new Error('no body');
  await pipeline(Readable.fromWeb(body as NodeWebStream<Uint8Array>), createWriteStream(file));
}

const run: Record<string, () => Promise<number>> = {
  'upload-node-http': () => nodeHttp('POST', uploadUrl, createReadStream(file)),
  async 'upload-fetch-stream'() {
    const init = { method: 'POST', headers: { ...bearer, 'content-type': 'application/octet-stream' }, body: fileStream(), duplex: 'half' };
    const response = await fetch(uploadUrl, init as RequestInit);
    await response.arrayBuffer();
    return response.status;
  },
  async 'upload-fetch-blob'() {
    const response = await fetch(uploadUrl, { method: 'POST', headers: { ...bearer, 'content-type': 'application/octet-stream' }, body: await openAsBlob(file) });
    await response.arrayBuffer();
    return response.status;
  },
  async 'upload-client-stream'() {
    const { response } = await client().POST('/user/files/upload', { params: { query: { path: '/bench.bin' } }, body: fileStream() });
    return response.status;
  },
  async 'upload-client-blob'() {
    const { response } = await client().POST('/user/files/upload', { params: { query: { path: '/bench.bin' } }, body: await openAsBlob(file) });
    return response.status;
  },
  async 'upload-client-stream-progress'() {
    let events = 0;
    const { response } = await client().POST('/user/files/upload', {
      params: { query: { path: '/bench.bin' } },
      body: fileStream(),
      onUploadProgress: () => void events++,
    });
    if (events < 2) throw new Error(`memory-child: ${events} upload progress events`);
    return response.status;
  },
  'download-node-http': () => nodeHttp('GET', downloadUrl, undefined, file),
  async 'download-fetch'() {
    const response = await fetch(downloadUrl, { headers: bearer });
    await toFile(response.body);
    return response.status;
  },
  async 'download-client-stream'() {
    const { response, data } = await client().GET('/user/files', { params: { query: { path: `/${size}` } }, parseAs: 'stream' });
    await toFile(data as ReadableStream<Uint8Array> | undefined);
    return response.status;
  },
};

run['download-client-stream-progress'] = async () => {
  let events = 0;
  const { response, data } = await client().GET('/user/files', {
    params: { query: { path: `/${size}` } },
    parseAs: 'stream',
    onDownloadProgress: () => void events++,
  });
  await toFile(data as ReadableStream<Uint8Array> | undefined);
  if (events < 2) throw new Error(`memory-child: ${events} download progress events`);
  return response.status;
};

const measure = run[id];
if (!measure || !origin || !file || !Number.isSafeInteger(size)) throw new Error(`memory-child: no such case or bad arguments: ${process.argv.slice(2).join(' ')}`);
const rssBeforeKiB = Math.round(process.memoryUsage().rss / 1024);
const started = performance.now();
const status = await measure();
const ms = performance.now() - started;
if (status !== (id.startsWith('upload') ? 201 : 200)) throw new Error(`memory-child: ${id} answered ${status}`);
process.stdout.write(`${JSON.stringify({ ms, maxRssKiB: process.resourceUsage().maxRSS, rssBeforeKiB })}\n`);
// An idle keep-alive socket must not hold the process (and the run) for seconds.
process.exit(0);
