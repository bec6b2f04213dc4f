// A server on 127.0.0.1 shaped like SFTPGo's file operations (the fixture
// spec's paths under /api/v2), that hashes what it receives: raw uploads and
// each file of a multipart upload, so tests compare sha-256 digests, not
// "something arrived". Downloads are deterministic bytes of a requested
// size, with or without Content-Length. Tokens: any user token request gets
// a fresh one; `rejectNext(n)` answers the next n bearer calls 401.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { listenLocal } from './listen-local.js';

export interface Upload {
  path: string;
  /** sha-256 of the raw body, or of each multipart file, hex. */
  sha256: string[];
  bytes: number;
  contentType: string | undefined;
  authorization: string | undefined;
  /** The X-Trace header, which tests set from a middleware of their own. */
  trace: string | undefined;
  /** fetch (undici) marks its requests with Sec-Fetch-Mode; node:http does not. */
  sentBy: 'fetch' | 'node:http';
}

export interface FileServer {
  url: string;
  uploads: Upload[];
  tokenRequests: number;
  /** The next `count` bearer calls are answered 401 "Your token is no longer valid". */
  rejectNext(count: number): void;
  /** Lifetime of the tokens handed out from now on. */
  tokenLifetimeSeconds: number;
  /** The next `count` uploads are read, then answered 429 with `Retry-After: 0`. */
  busyNext(count: number): void;
  /** Upload requests answered 429 so far. */
  busyAnswers: number;
  /** Forget uploads and counts; tokens are numbered from 1 again. */
  reset(): void;
  close(): Promise<void>;
}

/** The bytes a download of `size` serves: a repeating pattern, not all zeros. */
export function patternBytes(size: number, seed = 7): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed) & 0xff;
  return bytes;
}

/** A web stream of `bytes` in chunks of `size`, made as it is read. */
export function streamOf(bytes: Uint8Array, size = 16 * 1024): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, (at += size)));
    },
  });
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

// Uploads up to this size are kept, so a download of the same path returns them.
const KEEP_BYTES = 16 * 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<{ hash: string; bytes: number; raw?: Buffer }> {
  const hash = createHash('sha256');
  const keep: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    if (bytes <= KEEP_BYTES) keep.push(chunk);
  }
  return { hash: hash.digest('hex'), bytes, ...(bytes <= KEEP_BYTES ? { raw: Buffer.concat(keep) } : {}) };
}

const header = (request: IncomingMessage, name: string) => [request.headers[name]].flat()[0];
const sentBy = (request: IncomingMessage) => (request.headers['sec-fetch-mode'] ? 'fetch' : 'node:http');

export async function startFileServer(): Promise<FileServer> {
  let reject = 0;
  let busy = 0;
  const files = new Map<string, Buffer>();
  let serial = 0;
  const state: Omit<FileServer, 'url' | 'close' | 'rejectNext' | 'busyNext' | 'reset'> = { uploads: [], tokenRequests: 0, tokenLifetimeSeconds: 3600, busyAnswers: 0 };
  const server = createServer((request, response) => {
    // A client that aborts mid-upload resets the connection: not a failure of the server.
    handle(request, response).catch(() => response.destroy());
  });
  async function handle(request: IncomingMessage, response: import('node:http').ServerResponse): Promise<unknown> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const json = (status: number, body: unknown) =>
      response.writeHead(status, { 'content-type': 'application/json', date: new Date().toUTCString() }).end(JSON.stringify(body));
    if (url.pathname === '/api/v2/user/token') {
      state.tokenRequests++;
      const expires = new Date(Math.floor(Date.now() / 1000) * 1000 + state.tokenLifetimeSeconds * 1000);
      return json(200, { access_token: `user.token.${++serial}`, expires_at: expires.toISOString().replace(/\.\d{3}Z$/, 'Z') });
    }
    const authorization = request.headers.authorization;
    if (!authorization?.startsWith('Bearer ')) return json(401, { message: 'no token found' });
    if (reject > 0) {
      reject--;
      // Read what was sent, as a server does before answering.
      await readBody(request);
      return json(401, { message: 'Your token is no longer valid' });
    }
    if (request.method === 'POST' && busy > 0) {
      busy--;
      state.busyAnswers++;
      await readBody(request);
      return response.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' }).end('{"message":"Too Many Requests"}');
    }
    if (request.method === 'POST' && url.pathname === '/api/v2/user/files/upload') {
      const body = await readBody(request);
      if (body.raw) files.set(url.searchParams.get('path') ?? '', body.raw);
      state.uploads.push({ path: url.searchParams.get('path') ?? '', sha256: [body.hash], bytes: body.bytes, contentType: request.headers['content-type'], authorization, trace: header(request, 'x-trace'), sentBy: sentBy(request) });
      return json(201, { message: 'Upload completed' });
    }
    if (request.method === 'POST' && url.pathname === '/api/v2/user/files') {
      const body = await readBody(request);
      // undici parses multipart as browsers do: the files as the server gets them.
      const form = await new Response(new Uint8Array(body.raw!), { headers: { 'content-type': request.headers['content-type']! } }).formData();
      const hashes: string[] = [];
      for (const value of form.getAll('filenames')) {
        if (typeof value !== 'string') hashes.push(sha256(new Uint8Array(await value.arrayBuffer())));
      }
      state.uploads.push({ path: url.searchParams.get('path') ?? '/', sha256: hashes, bytes: body.bytes, contentType: request.headers['content-type'], authorization, trace: header(request, 'x-trace'), sentBy: sentBy(request) });
      return json(201, { message: 'Upload completed' });
    }
    if (request.method === 'DELETE' && url.pathname === '/api/v2/user/files') {
      files.delete(url.searchParams.get('path') ?? '');
      return json(200, { message: 'File deleted' });
    }
    if (request.method === 'GET' && url.pathname === '/api/v2/user/files') {
      // A file uploaded before, or ?path=/<size>[.chunked]: that many pattern bytes, chunked without Content-Length.
      const kept = files.get(url.searchParams.get('path') ?? '');
      const match = /^\/(\d+)(\.chunked)?$/.exec(url.searchParams.get('path') ?? '');
      if (!kept && !match) return json(404, { message: 'Not Found' });
      const bytes = kept ?? patternBytes(Number(match![1]));
      const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
      if (!match?.[2]) headers['content-length'] = String(bytes.length);
      response.writeHead(200, headers);
      for (let at = 0; at < bytes.length; at += 64 * 1024) {
        if (!response.write(bytes.subarray(at, at + 64 * 1024))) await new Promise((resolve) => response.once('drain', resolve));
      }
      return response.end();
    }
    json(404, { message: 'Not Found' });
  }
  const url = `${await listenLocal(server)}/api/v2`;
  return Object.assign(state, {
    url,
    rejectNext(count: number) {
      reject = count;
    },
    busyNext(count: number) {
      busy = count;
    },
    reset() {
      files.clear();
      busy = 0;
      state.busyAnswers = 0;
      state.uploads.length = 0;
      state.tokenRequests = 0;
      state.tokenLifetimeSeconds = 3600;
      reject = 0;
      serial = 0;
    },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  });
}
