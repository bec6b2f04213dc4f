// Files (issue 11): bodies travel as the spec's media types say, against a
// local server that hashes what it receives. Uploads of every body kind
// arrive byte-identical; downloads come back byte-identical without a
// parseAs; a stream is sent once, a replayable body survives a 401.
import { openAsBlob } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSftpgoClient, type TokenEvent } from '../src/index.js';
import type { paths } from './fixtures/generated/openapi.js';
import { securityMap } from './fixtures/generated/security.js';
import { patternBytes, sha256, startFileServer, type FileServer } from './support/file-server.js';

let server: FileServer;
let dir: string;

beforeAll(async () => {
  server = await startFileServer();
  dir = await mkdtemp(join(tmpdir(), 'sftpgo-client-files-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => server.reset());

function client(events: TokenEvent[] = []) {
  return createSftpgoClient<paths>({
    baseUrl: server.url,
    user: { username: 'alice', password: 'alice-password' },
    securityMap,
    onEvent: (event) => events.push(event),
  });
}

/** A web stream of `bytes` in chunks of `size`. */
function streamOf(bytes: Uint8Array, size = 16 * 1024): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, (at += size)));
    },
  });
}

const upload = (sftpgo: ReturnType<typeof client>, body: Blob | Uint8Array | ReadableStream<Uint8Array>, path = '/f.bin') =>
  sftpgo.POST('/user/files/upload', { params: { query: { path } }, body });

describe('raw uploads arrive byte-identical', () => {
  const bytes = patternBytes(300_000);
  const file = async () => {
    const path = join(dir, 'upload.bin');
    await writeFile(path, bytes);
    return openAsBlob(path);
  };
  it.each([
    ['a Uint8Array', async () => bytes],
    ['a Buffer', async () => Buffer.from(bytes)],
    ['a Blob', async () => new Blob([bytes])],
    ['a file-backed Blob (fs.openAsBlob)', file],
    ['a web ReadableStream', async () => streamOf(bytes)],
  ])('%s', async (_name, body) => {
    const { response, data } = await upload(client(), await body());
    expect(response.status).toBe(201);
    expect(data).toEqual({ message: 'Upload completed' });
    expect(server.uploads.map((u) => [u.bytes, u.sha256])).toEqual([[bytes.length, [sha256(bytes)]]]);
  });

  it('is sent as the bytes given, not JSON, with the Blob type or application/octet-stream', async () => {
    const sftpgo = client();
    await upload(sftpgo, new TextEncoder().encode('hello world'));
    await upload(sftpgo, new Blob(['<p>hi</p>'], { type: 'text/html' }));
    expect(server.uploads.map((u) => [u.bytes, u.contentType])).toEqual([
      [11, 'application/octet-stream'],
      [9, 'text/html'],
    ]);
    expect(server.uploads[0]!.sha256).toEqual([sha256(new TextEncoder().encode('hello world'))]);
  });
});

describe('multipart uploads', () => {
  it('a FormData with several files arrives file by file', async () => {
    const a = patternBytes(70_000, 1);
    const b = patternBytes(5, 2);
    const form = new FormData();
    form.append('filenames', new Blob([a]), 'a.bin');
    form.append('filenames', new Blob([b]), 'b.bin');
    const { response } = await client().POST('/user/files', { params: { query: { path: '/dir' } }, body: form });
    expect(response.status).toBe(201);
    expect(server.uploads.map((u) => [u.path, u.sha256])).toEqual([['/dir', [sha256(a), sha256(b)]]]);
    expect(server.uploads[0]!.contentType).toMatch(/^multipart\/form-data; boundary=/);
  });
});

describe('downloads come back byte-identical', () => {
  it.each(['', '.chunked'])('as a Blob by default%s', async (suffix) => {
    const { data, response } = await client().GET('/user/files', { params: { query: { path: `/200000${suffix}` } } });
    expect(response.status).toBe(200);
    expect(data).toBeInstanceOf(Blob);
    expect(sha256(new Uint8Array(await data!.arrayBuffer()))).toBe(sha256(patternBytes(200_000)));
  });

  it('as a stream with parseAs: stream', async () => {
    const { data } = await client().GET('/user/files', { params: { query: { path: '/300000' } }, parseAs: 'stream' });
    const chunks: Uint8Array[] = [];
    for await (const chunk of data as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(patternBytes(300_000)));
  });
});

describe('a 401 during an upload', () => {
  it('a replayable body is sent again whole with a new token', async () => {
    const events: TokenEvent[] = [];
    const sftpgo = client(events);
    await upload(sftpgo, new Uint8Array([1])); // a token is held
    server.uploads.length = 0;
    server.rejectNext(1);
    const bytes = patternBytes(100_000);
    const { response } = await upload(sftpgo, new Blob([bytes]));
    expect(response.status).toBe(201);
    expect(server.uploads.map((u) => u.sha256)).toEqual([[sha256(bytes)]]);
    expect(server.uploads[0]!.authorization).toBe('Bearer user.token.2');
    expect(events.filter((e) => e.type === 'token-dropped')).toEqual([{ type: 'token-dropped', realm: 'user', reason: 'rejected' }]);
  });

  it('a stream is not replayed: the 401 is the answer, the token dropped, the next call gets a new one', async () => {
    const sftpgo = client();
    await upload(sftpgo, new Uint8Array([1]));
    server.uploads.length = 0;
    server.rejectNext(1);
    const { response, error } = await upload(sftpgo, streamOf(patternBytes(50_000)));
    expect(response.status).toBe(401);
    expect(error).toEqual({ message: 'Your token is no longer valid' });
    expect(server.uploads).toEqual([]);
    expect(server.tokenRequests).toBe(1);
    await upload(sftpgo, new Uint8Array([2]));
    expect(server.tokenRequests).toBe(2);
    expect(server.uploads.map((u) => u.authorization)).toEqual(['Bearer user.token.2']);
  });

  it('a stream upload does not start on a token inside its renewal margin: it is renewed first', async () => {
    // 2 s tokens (1 s by the client's reckoning, which takes a second off for
    // Date's resolution); the margin is capped at half of that. After 0.7 s
    // the token is in its margin but still valid.
    server.tokenLifetimeSeconds = 2;
    const sftpgo = createSftpgoClient<paths>({ baseUrl: server.url, user: { username: 'alice', password: 'p' }, securityMap, renewMarginMs: 60_000 });
    await upload(sftpgo, new Uint8Array([1]));
    expect(server.tokenRequests).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 700));
    await upload(sftpgo, streamOf(patternBytes(10)));
    expect(server.tokenRequests).toBe(2);
    expect(server.uploads.at(-1)!.authorization).toBe('Bearer user.token.2');
  });
});
