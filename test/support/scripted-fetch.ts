/**
 * A server in memory for the property tests (issue 14): a `fetch` option that
 * answers each request from a script, in microseconds, so that a property can
 * run a thousand cases. An answer is anything an HTTP server or the network can
 * do to a client: a status with headers and body bytes, a body cut off after
 * some bytes, a connection reset or refused. Like the other test servers, it
 * records every request it gets for the secret check.
 */
import { recordRequest } from './secret-recorder.js';

export type ScriptedAnswer =
  | {
      status: number;
      headers?: Record<string, string>;
      body?: string | Uint8Array;
      /** The body ends in an error (the connection dropped) after this many bytes. */
      cutAfter?: number;
    }
  | { network: 'reset' | 'refused' };

export interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
}

// Statuses whose Response must have no body.
const NULL_BODY = new Set([204, 205, 304]);

/** undici's shapes: a TypeError whose cause carries the system error code. */
function networkError(code: 'ECONNRESET' | 'ECONNREFUSED'): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code}`), { code }) });
}

function bodyOf(answer: Extract<ScriptedAnswer, { status: number }>): ReadableStream<Uint8Array> | null {
  if (NULL_BODY.has(answer.status) || answer.body === undefined) return null;
  const bytes = typeof answer.body === 'string' ? new TextEncoder().encode(answer.body) : answer.body;
  const cut = answer.cutAfter;
  return new ReadableStream({
    start(controller) {
      controller.enqueue(cut === undefined ? bytes : bytes.slice(0, cut));
      if (cut === undefined) controller.close();
      else controller.error(new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }));
    },
  });
}

/**
 * `answer(request, n)` gives the answer to the n-th request (from 0). Every
 * request is kept in `sent`, its body read, as the network would.
 */
export function scriptedFetch(answer: (sent: Sent, n: number) => ScriptedAnswer) {
  const sent: Sent[] = [];
  async function fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const headers = Object.fromEntries(request.headers);
    const body = request.body === null ? undefined : await request.text();
    recordRequest('in-memory server', { method: request.method, url: request.url, headers, body });
    const seen = { method: request.method, path: url.pathname, headers };
    sent.push(seen);
    const reply = answer(seen, sent.length - 1);
    if ('network' in reply) throw networkError(reply.network === 'reset' ? 'ECONNRESET' : 'ECONNREFUSED');
    return new Response(bodyOf(reply), { status: reply.status, headers: reply.headers ?? {} });
  }
  return { fetch, sent };
}

/** An RFC 3339 instant as SFTPGo writes it: whole seconds, `Z`. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
