// Progress of long transfers (issue 17), against the local server that
// hashes what it receives: each body kind reports monotonic events that end
// at its exact size, on node:http and on fetch; downloads likewise, counted
// as read; a throwing callback aborts the call typed; a retry starts over.
import { openAsBlob } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as browserEntry from '../../src/index.js';
import { SftpgoProgressError, type TransferProgress } from '../../src/index.js';
import * as nodeEntry from '../../src/node.js';
import type { paths } from '../fixtures/generated/openapi.js';
import { securityMap } from '../fixtures/generated/security.js';
import { patternBytes, sha256, startFileServer, streamOf, type FileServer } from '../support/file-server.js';
import { USER } from '../support/secrets.js';

let server: FileServer;
let dir: string;
beforeAll(async () => {
  server = await startFileServer();
  dir = await mkdtemp(join(tmpdir(), 'sftpgo-client-progress-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => server.reset());

const SIZE = 3 * 1024 * 1024 + 17;
const bytes = patternBytes(SIZE);

/** Events are well formed: first at 0, monotonic, the last at `size`. */
function expectWellFormed(events: TransferProgress[], size: number, totalKnown: boolean) {
  expect(events.length).toBeGreaterThanOrEqual(2);
  expect(events[0]).toEqual({ percent: 0, transferredBytes: 0, totalBytes: totalKnown ? size : 0 });
  expect(events.at(-1)).toEqual({ percent: 1, transferredBytes: size, totalBytes: totalKnown ? size : 0 });
  for (let i = 1; i < events.length; i++) {
    expect(events[i]!.transferredBytes).toBeGreaterThanOrEqual(events[i - 1]!.transferredBytes);
    expect(events[i]!.percent).toBeGreaterThanOrEqual(events[i - 1]!.percent);
  }
}

const bodies: [string, () => Promise<Blob | Uint8Array | ReadableStream<Uint8Array>>, boolean][] = [
  ['a Uint8Array', async () => bytes, true],
  ['a Blob', async () => new Blob([bytes]), true],
  [
    'a file-backed Blob',
    async () => {
      await writeFile(join(dir, 'f.bin'), bytes);
      return openAsBlob(join(dir, 'f.bin'));
    },
    true,
  ],
  ['a web ReadableStream', async () => streamOf(bytes, 64 * 1024), false],
];

describe.each([
  ['node:http (the node entry)', nodeEntry.createSftpgoClient, {}],
  ['fetch, streaming the body (the node entry with a fetch of your own)', nodeEntry.createSftpgoClient, { fetch: (r: Request) => fetch(r) }],
] as const)('upload progress through %s: exact and monotonic', (_name, createSftpgoClient, extra) => {
  const client = () => createSftpgoClient<paths>({ baseUrl: server.url, user: USER, securityMap, ...extra });

  it.each(bodies)('%s', async (_kind, body, totalKnown) => {
    const events: TransferProgress[] = [];
    const { response } = await client().POST('/user/files/upload', {
      params: { query: { path: '/p.bin' } },
      body: await body(),
      onUploadProgress: (p) => events.push(p),
    });
    expect(response.status).toBe(201);
    expect(server.uploads.map((u) => u.sha256)).toEqual([[sha256(bytes)]]);
    expectWellFormed(events, SIZE, totalKnown);
    // Throttled: about a hundred events for any size, not one per chunk; but
    // more than the first and the last, even for a body given as one chunk.
    expect(events.length).toBeLessThanOrEqual(110);
    // (With no total, an event a MiB: 3 MiB gives the first, three, and the last.)
    expect(events.length).toBeGreaterThan(totalKnown ? 10 : 3);
  });

  it('a FormData upload counts the encoded body it sends', async () => {
    const events: TransferProgress[] = [];
    const form = new FormData();
    form.append('filenames', new Blob([bytes]), 'a.bin');
    await client().POST('/user/files', { params: { query: { path: '/' } }, body: form, onUploadProgress: (p) => events.push(p) });
    expect(server.uploads.map((u) => u.sha256)).toEqual([[sha256(bytes)]]);
    expectWellFormed(events, server.uploads[0]!.bytes, false);
  });

  it('a retried upload starts its count over, with one event saying so', async () => {
    const events: TransferProgress[] = [];
    server.busyNext(1);
    await client().POST('/user/files/upload', { params: { query: { path: '/r' } }, body: bytes, onUploadProgress: (p) => events.push(p) });
    const restarts = events.filter((e) => e.restarted);
    expect(restarts).toEqual([{ percent: 0, transferredBytes: 0, totalBytes: SIZE, restarted: true }]);
    expectWellFormed(events.slice(events.indexOf(restarts[0]!)).map(({ restarted: _, ...e }) => e), SIZE, true);
  });
});

describe('upload progress where fetch cannot tell it (a browser)', () => {
  it('reports the start and the end', async () => {
    const events: TransferProgress[] = [];
    const sftpgo = browserEntry.createSftpgoClient<paths>({ baseUrl: server.url, user: USER, securityMap });
    await sftpgo.POST('/user/files/upload', { params: { query: { path: '/b' } }, body: bytes, onUploadProgress: (p) => events.push(p) });
    expect(events).toEqual([
      { percent: 0, transferredBytes: 0, totalBytes: SIZE },
      { percent: 1, transferredBytes: SIZE, totalBytes: SIZE },
    ]);
  });
});

describe.each([
  ['the node entry', nodeEntry.createSftpgoClient],
  ['the browser entry', browserEntry.createSftpgoClient],
] as const)('download progress through %s, counted as read', (_name, createSftpgoClient) => {
  const client = () => createSftpgoClient<paths>({ baseUrl: server.url, user: USER, securityMap });

  it.each([
    ['blob', `/${SIZE}`, true],
    ['blob, chunked', `/${SIZE}.chunked`, false],
    ['arrayBuffer', `/${SIZE}`, true],
  ] as const)('%s', async (parseAs, path, totalKnown) => {
    const events: TransferProgress[] = [];
    const { data } = await client().GET('/user/files', {
      params: { query: { path } },
      parseAs: parseAs.startsWith('blob') ? 'blob' : 'arrayBuffer',
      onDownloadProgress: (p) => events.push(p),
    });
    const got = data instanceof Blob ? new Uint8Array(await data.arrayBuffer()) : new Uint8Array(data as ArrayBuffer);
    expect(sha256(got)).toBe(sha256(patternBytes(SIZE)));
    expectWellFormed(events, SIZE, totalKnown);
  });

  it('a stream: events as the caller reads it, the last at its end', async () => {
    const events: TransferProgress[] = [];
    const { data } = await client().GET('/user/files', { params: { query: { path: `/${SIZE}` } }, parseAs: 'stream', onDownloadProgress: (p) => events.push(p) });
    expect(events).toEqual([{ percent: 0, transferredBytes: 0, totalBytes: SIZE }]); // nothing read yet
    let read = 0;
    for await (const chunk of data as unknown as AsyncIterable<Uint8Array>) read += chunk.byteLength;
    expect(read).toBe(SIZE);
    expectWellFormed(events, SIZE, true);
  });

  it('a JSON answer too', async () => {
    const events: TransferProgress[] = [];
    await client().POST('/user/files/upload', { params: { query: { path: '/j' } }, body: new Uint8Array([1]), onDownloadProgress: (p) => events.push(p) });
    const size = JSON.stringify({ message: 'Upload completed' }).length;
    expect(events.at(-1)).toEqual({ percent: 0, transferredBytes: 0, totalBytes: 0, ...events.at(-1) });
    expect(events.at(-1)!.transferredBytes).toBe(size);
  });
});

describe.each([
  ['the node entry', nodeEntry.createSftpgoClient],
  ['the browser entry', browserEntry.createSftpgoClient],
] as const)('a callback that throws, through %s', (_name, createSftpgoClient) => {
  const client = () => createSftpgoClient<paths>({ baseUrl: server.url, user: USER, securityMap });

  it('aborts the transfer; the call rejects with SftpgoProgressError carrying the cause, and no timer is left', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const cause = new Error('progress bar closed');
    let calls = 0;
    const failing = () => {
      if (++calls === 2) throw cause;
    };
    const up = await client()
      .POST('/user/files/upload', { params: { query: { path: '/x' } }, body: streamOf(bytes, 64 * 1024), onUploadProgress: failing })
      .catch((e: unknown) => e);
    const down = await client()
      .GET('/user/files', { params: { query: { path: `/${SIZE}` } }, onDownloadProgress: () => { throw cause; } })
      .catch((e: unknown) => e);
    for (const [error, direction] of [[up, 'upload'], [down, 'download']] as const) {
      if (direction === 'upload' && _name === 'the browser entry') continue; // start and end only: the second call is the end
      expect(error).toBeInstanceOf(SftpgoProgressError);
      expect(error).toMatchObject({ direction, cause });
      expect(String(error)).toMatch(new RegExp(`sftpgo-client: the ${direction} progress callback threw`));
    }
    expect(timers()).toBeLessThanOrEqual(before);
  });
});
