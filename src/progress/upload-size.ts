/** The length of a request body the caller gave, when it is known without reading it; 0 otherwise. */
export function uploadSize(body: unknown): number {
  if (typeof Blob !== 'undefined' && body instanceof Blob) return body.size;
  if (ArrayBuffer.isView(body)) return body.byteLength;
  if (body instanceof ArrayBuffer) return body.byteLength;
  if (typeof body === 'string') return new TextEncoder().encode(body).byteLength;
  return 0;
}
