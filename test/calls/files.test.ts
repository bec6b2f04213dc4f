// Files (issue 11): bodies travel as the spec's media types say, against a
// local server that hashes what it receives. Uploads of every body kind
// arrive byte-identical; downloads come back byte-identical without a
// parseAs; a stream is sent once, a replayable body survives a 401.
import { openAsBlob } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as browserEntry from '../../src/index.js';
import * as nodeEntry from '../../src/node.js';
import { SftpgoNetworkError, SftpgoTimeoutError, type TokenEvent } from '../../src/index.js';
import type { paths } from '../fixtures/generated/openapi.js';
import { securityMap } from '../fixtures/generated/security.js';
import { listenLocal } from '../support/listen-local.js';
import { patternBytes, sha256, startFileServer, streamOf, type FileServer } from '../support/file-server.js';
import { issuedToken, SECRETS, USER } from '../support/secrets.js';

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

// Every test runs on both entries: fetch (what browsers and a custom `fetch`
// get) and node:http (what Node gets for stream and Blob bodies).
describe.each([
  ['fetch', browserEntry.createSftpgoClient],
  ['node:http', nodeEntry.createSftpgoClient],
] as const)('through %s', (transport, createSftpgoClient) => {

  function client(events: TokenEvent[] = []) {
    return createSftpgoClient<paths>({
      baseUrl: server.url,
      user: USER,
      securityMap,
      onEvent: (event) => events.push(event),
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

    it('streams and Blobs go through node:http in Node, buffers through fetch', async () => {
      const sftpgo = client();
      await upload(sftpgo, streamOf(patternBytes(10)));
      await upload(sftpgo, new Blob([patternBytes(10)]));
      await upload(sftpgo, patternBytes(10));
      const large = transport === 'node:http' ? 'node:http' : 'fetch';
      expect(server.uploads.map((u) => u.sentBy)).toEqual([large, large, 'fetch']);
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
      expect(server.uploads[0]!.authorization).toBe(`Bearer ${issuedToken('file-2')}`);
      expect(events.filter((e) => e.type === 'token-dropped')).toEqual([{ type: 'token-dropped', realm: 'user', reason: 'rejected' }]);
    });

    it('the replay goes through a middleware added after ours, as the original did', async () => {
      const sftpgo = client();
      sftpgo.use({ onRequest: ({ request }) => (request.headers.set('X-Trace', 'later-middleware'), request) });
      await upload(sftpgo, new Uint8Array([1]));
      server.reset();
      server.rejectNext(1);
      const bytes = patternBytes(20_000);
      const { response } = await upload(sftpgo, bytes);
      expect(response.status).toBe(201);
      expect(server.uploads.map((u) => [u.trace, u.sha256])).toEqual([['later-middleware', [sha256(bytes)]]]);
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
      expect(server.uploads.map((u) => u.authorization)).toEqual([`Bearer ${issuedToken('file-2')}`]);
    });

    it('a stream upload does not start on a token inside its renewal margin: it is renewed first', async () => {
      // 2 s tokens (1 s by the client's reckoning, which takes a second off for
      // Date's resolution); the margin is capped at half of that. After 0.7 s
      // the token is in its margin but still valid.
      server.tokenLifetimeSeconds = 2;
      const sftpgo = createSftpgoClient<paths>({ baseUrl: server.url, user: USER, securityMap, renewMarginMs: 60_000 });
      await upload(sftpgo, new Uint8Array([1]));
      expect(server.tokenRequests).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 700));
      await upload(sftpgo, streamOf(patternBytes(10)));
      expect(server.tokenRequests).toBe(2);
      expect(server.uploads.at(-1)!.authorization).toBe(`Bearer ${issuedToken('file-2')}`);
    });
  });
});

describe.each([
  ['fetch', browserEntry.createSftpgoClient],
  ['node:http', nodeEntry.createSftpgoClient],
] as const)('large bodies through %s keep the transport rules', (_transport, createSftpgoClient) => {
  const make = (extra: Partial<Parameters<typeof browserEntry.createSftpgoClient>[0]> = {}) =>
    createSftpgoClient<paths>({ baseUrl: server.url, user: USER, securityMap, retry: { baseDelayMs: 1 }, ...extra });

  it('a Blob answered 429 is sent again whole, read again from its source', async () => {
    const bytes = patternBytes(200_000);
    const path = join(dir, 'retry.bin');
    await writeFile(path, bytes);
    const sftpgo = make();
    server.busyNext(1);
    const { response } = await sftpgo.POST('/user/files/upload', { params: { query: { path: '/r' } }, body: await openAsBlob(path) });
    expect(response.status).toBe(201);
    expect(server.busyAnswers).toBe(1);
    expect(server.uploads.map((u) => u.sha256)).toEqual([[sha256(bytes)]]);
  });

  it('a stream answered 429 is not sent again: it cannot be', async () => {
    const sftpgo = make();
    server.busyNext(1);
    const { response } = await sftpgo.POST('/user/files/upload', { params: { query: { path: '/r' } }, body: streamOf(patternBytes(1000)) });
    expect(response.status).toBe(429);
    expect(server.uploads).toEqual([]);
  });

  it('a timeout while waiting for the answer is SftpgoTimeoutError; the caller\'s abort rejects with its reason', async () => {
    const silent = createServer(() => {}); // reads nothing, answers nothing
    const url = `${await listenLocal(silent)}/api/v2`;
    try {
      const slow = createSftpgoClient<paths>({ baseUrl: url, accessToken: SECRETS.accessToken, securityMap, timeoutMs: 200, retry: false });
      await expect(slow.POST('/user/files/upload', { params: { query: { path: '/t' } }, body: streamOf(patternBytes(10)) })).rejects.toBeInstanceOf(SftpgoTimeoutError);
      const controller = new AbortController();
      const reason = new Error('user cancelled');
      setTimeout(() => controller.abort(reason), 50);
      const patient = createSftpgoClient<paths>({ baseUrl: url, accessToken: SECRETS.accessToken, securityMap, retry: false });
      await expect(
        patient.POST('/user/files/upload', { params: { query: { path: '/t' } }, body: new Blob([patternBytes(10)]), signal: controller.signal }),
      ).rejects.toBe(reason);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('a refused connection is SftpgoNetworkError', async () => {
    const closed = createServer();
    const url = `${await listenLocal(closed)}/api/v2`;
    await new Promise((resolve) => closed.close(resolve));
    const sftpgo = createSftpgoClient<paths>({ baseUrl: url, accessToken: SECRETS.accessToken, securityMap, retry: false });
    const error = await sftpgo.POST('/user/files/upload', { params: { query: { path: '/t' } }, body: streamOf(patternBytes(10)) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SftpgoNetworkError);
    expect(String(error)).toMatch(/ECONNREFUSED/);
  });
});
