/**
 * A pass-through HTTP front on 127.0.0.1 for a server the tests do not run
 * in-process (the Prism mock of the whole run): every request that reaches it,
 * from a test worker, the command, the packed package or Chromium, is recorded
 * for the secret check (issue 14) and forwarded unchanged; the answer comes
 * back unchanged, streamed.
 */
import { createServer, request as forward } from 'node:http';
import type { Socket } from 'node:net';
import { listenLocal } from './listen-local.js';
import { flushRecords, recordIncoming } from './secret-recorder.js';

export interface RecordingProxy {
  url: string;
  close(): Promise<void>;
}

export async function startRecordingProxy(where: string, target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    recordIncoming(where, origin, req);
    // The main process has no end-of-file hook: write each record as it comes.
    req.once('end', flushRecords);
    const out = forward(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    out.once('error', () => res.destroy());
    req.pipe(out);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const origin = await listenLocal(server);
  return {
    url: origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
