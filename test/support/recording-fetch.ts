/**
 * A fetch that forwards to the real one and remembers what each request
 * carried, so tests observe exactly what reached the wire.
 */
export interface Recorded {
  method: string;
  path: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export function recordingFetch(): { fetch: (request: Request) => Promise<Response>; requests: Recorded[] } {
  const requests: Recorded[] = [];
  return {
    requests,
    async fetch(request) {
      const url = new URL(request.url);
      const body = request.body === null ? undefined : await request.clone().text();
      requests.push({
        method: request.method,
        path: url.pathname,
        url: request.url,
        headers: Object.fromEntries(request.headers),
        body,
      });
      return fetch(request);
    },
  };
}

/** Decodes `Basic base64(user:pass)` back into its parts. */
export function decodeBasic(header: string | undefined): { username: string; password: string } | undefined {
  const match = /^Basic (.+)$/.exec(header ?? '');
  if (!match) return undefined;
  const text = new TextDecoder().decode(Uint8Array.from(atob(match[1]!), (c) => c.charCodeAt(0)));
  const colon = text.indexOf(':');
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}
