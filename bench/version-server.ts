// The per-call phase's server, run in its own process so its work does not
// share the measured event loop: GET /api/v2/version answers a fixed small
// JSON body to any bearer token, GET /api/v2/token a token valid for a day.
// Prints {"port":N} on stdout; exits when its stdin closes.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const VERSION = JSON.stringify({
  version: '2.7.5',
  build_date: '2026-01-10T17:22:41Z',
  commit_hash: '8c4f5a1',
  features: ['+metrics', '+unixcrypt', '+portable'],
});
const UNAUTHORIZED = JSON.stringify({ message: 'Unauthorized', error: 'no token found' });

const server = createServer((req, res) => {
  if (req.url === '/api/v2/version') {
    const ok = req.headers.authorization?.startsWith('Bearer ') === true;
    const body = ok ? VERSION : UNAUTHORIZED;
    res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  } else if (req.url === '/api/v2/token') {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const body = JSON.stringify({ access_token: 'bench-token', expires_at: expiresAt });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  } else {
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end('{"message":"Not Found"}');
  }
});
// Idle keep-alive sockets between batches must not be closed under the clients.
server.keepAliveTimeout = 120_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
