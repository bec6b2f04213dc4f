// The memory phase's server, in its own process so its buffers are not in the
// measured process's RSS: a sink for uploads that counts and sha-256 hashes
// what arrives, a source of N pattern bytes for downloads, SFTPGo's user
// token endpoint and a bearer check, on 127.0.0.1. Bounded: nothing larger
// than the size given in argv[2] is read or served, one transfer at a time.
// Prints {"port":N}, then a JSON line per upload; exits when its stdin closes.
import { createHash } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DOWNLOAD_PATH, TOKEN, UPLOAD_PATH } from './memory-cases.js';
import { patternBlocks } from './memory-pattern.js';

const limit = Number(process.argv[2]);
if (!Number.isSafeInteger(limit) || limit <= 0) throw new Error('memory-server: give the largest transfer in bytes as the first argument');

const report = (line: unknown) => process.stdout.write(`${JSON.stringify(line)}\n`);
const json = (response: ServerResponse, status: number, body: unknown) =>
  response.writeHead(status, { 'content-type': 'application/json', date: new Date().toUTCString() }).end(JSON.stringify(body));

function drainedOrClosed(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done).off('close', done);
      resolve();
    };
    response.on('drain', done).on('close', done);
  });
}

const server = createServer(async (request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (request.method === 'GET' && url.pathname === '/api/v2/user/token') {
    if (!request.headers.authorization?.startsWith('Basic ')) return json(response, 401, { message: 'no credentials' });
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return json(response, 200, { access_token: TOKEN, expires_at: expiresAt });
  }
  if (request.headers.authorization !== `Bearer ${TOKEN}`) {
    request.resume();
    return json(response, 401, { message: 'Your token is no longer valid' });
  }
  if (request.method === 'POST' && url.pathname === UPLOAD_PATH) {
    const hash = createHash('sha256');
    let bytes = 0;
    try {
      for await (const chunk of request as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        if (bytes > limit) throw new Error(`more than ${limit} bytes`);
        hash.update(chunk);
      }
    } catch (error) {
      report({ upload: { path: url.searchParams.get('path'), bytes, error: String(error) } });
      response.writeHead(413, { connection: 'close' }).end();
      return request.destroy();
    }
    report({ upload: { path: url.searchParams.get('path'), bytes, sha256: hash.digest('hex') } });
    return json(response, 201, { message: 'Upload completed' });
  }
  if (request.method === 'GET' && url.pathname === DOWNLOAD_PATH) {
    // ?path=/<size>: that many bytes of the pattern, with a Content-Length.
    const size = Number(/^\/(\d+)$/.exec(url.searchParams.get('path') ?? '')?.[1] ?? Number.NaN);
    if (!(size >= 0 && size <= limit)) return json(response, 404, { message: 'Not Found' });
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) });
    for (const block of patternBlocks(size)) {
      if (response.destroyed) return;
      if (!response.write(block)) await drainedOrClosed(response);
    }
    return response.end();
  }
  json(response, 404, { message: 'Not Found' });
});
server.maxConnections = 4;
server.requestTimeout = 600_000;
server.listen(0, '127.0.0.1', () => report({ port: (server.address() as AddressInfo).port }));
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
