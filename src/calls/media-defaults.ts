import type { OperationInfo } from '../auth/security-map.js';

type Init = Record<string, any> | undefined;

const passThrough = (body: unknown) => body;

/** A body that can be read once only: sent with `duplex: 'half'`, never copied. */
export function isStream(body: unknown): body is ReadableStream {
  return typeof ReadableStream !== 'undefined' && body instanceof ReadableStream;
}

/**
 * The call's options with what the operation's media types ask for, where
 * the caller did not choose (issue 11): a binary body goes as the bytes given
 * (openapi-fetch would JSON-encode it) with its own Content-Type, a binary
 * answer is read as a `Blob` (it works the same in browsers and Node; pass
 * `parseAs: 'stream'` for large files) and a text answer as a string. The
 * caller's `bodySerializer`, `parseAs` and `Content-Type` still win.
 */
export function mediaDefaults(op: OperationInfo | undefined, init: Init): Init {
  if (!op?.body && !op?.answer && !isStream(init?.body)) return init;
  const out: Record<string, any> = { ...init };
  const body = init?.body;
  if (body !== undefined && !init?.bodySerializer) {
    if (op?.body === 'binary' || op?.body === 'text') {
      out.bodySerializer = passThrough;
      const type = op.body === 'text' ? 'text/plain; charset=utf-8' : blobType(body) || 'application/octet-stream';
      if (!hasContentType(init)) out.headers = { 'Content-Type': type, ...headersRecord(init?.headers) };
    } else if (op?.body === 'form' && !hasContentType(init)) {
      out.headers = { 'Content-Type': 'application/x-www-form-urlencoded', ...headersRecord(init?.headers) };
    }
  }
  // fetch refuses a stream body without it; 'half' is the only value there is.
  if (isStream(body)) out.duplex = 'half';
  if (op?.answer && init?.parseAs === undefined) out.parseAs = op.answer === 'binary' ? 'blob' : 'text';
  return out;
}

function blobType(body: unknown): string {
  return typeof Blob !== 'undefined' && body instanceof Blob ? body.type : '';
}

function hasContentType(init: Init): boolean {
  const named = (headers: unknown) => Object.keys(headersRecord(headers)).some((name) => name.toLowerCase() === 'content-type');
  return named(init?.headers) || named(init?.params?.header);
}

function headersRecord(headers: unknown): Record<string, string> {
  if (!headers) return {};
  if (headers instanceof Headers || Array.isArray(headers)) return Object.fromEntries(new Headers(headers as HeadersInit));
  return headers as Record<string, string>;
}
