import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import type { ProgressReporter } from '../../progress/create-progress-reporter.js';
import { meteredStream } from '../../progress/metered-stream.js';

// Statuses whose Response must have a null body.
const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * Sends one request with `node:http(s)` instead of fetch, for bodies that
 * must not be held in memory (and answers read as a stream, where fetch
 * keeps some tens of MiB more than node:http, bench/RESULTS.md): Node's fetch keeps every chunk of a streamed
 * upload until the request ends (nodejs/undici#4058), so a 1 GiB file takes
 * 1 GiB of memory; piped to `node:http` it takes a few MiB (issue 11).
 *
 * It behaves as the transport's fetch does, so timeouts, retry rules, the
 * redirect guard and typed errors stay the transport's: the request's signal
 * aborts it at any point (the body then errors with the signal's reason), a
 * redirect is returned as it is (`redirect: 'manual'`), and a failure to
 * connect or send rejects with a TypeError whose `cause` has the system code,
 * as fetch's does. `bodySize`: the body's length, when known. `progress` is
 * told each chunk as it is handed to the connection (issue 17).
 */
export function sendWithNodeHttp(request: Request, bodySize?: number, progress?: ProgressReporter): Promise<Response> {
  const { signal } = request;
  if (signal.aborted) return Promise.reject(signal.reason);
  const url = new URL(request.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers: Record<string, string> = Object.fromEntries(request.headers);
  // A Blob's size is known: say it, as fetch does, rather than send chunks.
  if (bodySize !== undefined && headers['content-length'] === undefined) headers['content-length'] = String(bodySize);

  return new Promise<Response>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      reject(signal.aborted ? signal.reason : new TypeError('fetch failed', { cause: error }));
    };
    const outgoing = send(url, { method: request.method, headers }, (incoming) => {
      settled = true;
      resolve(toResponse(incoming, request.method));
    });
    const onAbort = () => outgoing.destroy(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    outgoing.once('close', () => signal.removeEventListener('abort', onAbort));
    outgoing.once('error', fail);
    if (!request.body) {
      outgoing.end();
      return;
    }
    progress?.start(bodySize ?? 0);
    // Counted as the connection takes each piece: backpressure holds the next one back.
    const body = progress ? meteredStream(request.body, progress) : request.body;
    pipeline(Readable.fromWeb(body as NodeWebStream<Uint8Array>), outgoing).catch(fail);
  });

  function toResponse(incoming: IncomingMessage, method: string): Response {
    const onAbort = () => incoming.destroy(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    incoming.once('close', () => signal.removeEventListener('abort', onAbort));
    const status = incoming.statusCode ?? 0;
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) {
      for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) responseHeaders.append(name, one);
    }
    const empty = NULL_BODY.has(status) || method === 'HEAD';
    if (empty) incoming.resume();
    const body = empty ? null : (Readable.toWeb(incoming) as unknown as ReadableStream<Uint8Array>);
    return new Response(body, { status, statusText: incoming.statusMessage ?? '', headers: responseHeaders });
  }
}
