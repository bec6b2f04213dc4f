// Prism 5 is no byte-for-byte proxy: it reads bodies as UTF-8 text, so a
// binary upload or download through it arrives re-encoded and bigger
// (stoplightio/prism#1321, #2349). Operations with a binary body (found in
// the spec: a `format: binary` or multipart request, a `format: binary` answer)
// therefore go straight to the server; a download is also sent once more
// through Prism, body ignored, so its status and headers are still validated.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

type Content = Record<string, { schema?: { format?: string } }>;
type Spec = { paths?: Record<string, Record<string, { requestBody?: { content?: Content }; responses?: Record<string, { content?: Content }> }>> };
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const binary = (content: Content | undefined) =>
  Object.entries(content ?? {}).some(([type, media]) => type.startsWith('multipart/') || media.schema?.format === 'binary');

/** `METHOD path` matchers of the spec's operations with a binary body either way. */
export function binaryOperations(specFile: string): (method: string, path: string) => boolean {
  const spec = parse(readFileSync(specFile, 'utf8')) as Spec;
  const found: Array<{ method: string; regex: RegExp }> = [];
  for (const [template, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      if (!binary(op.requestBody?.content) && !Object.values(op.responses ?? {}).some((r) => binary(r.content))) continue;
      const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
      found.push({ method: method.toUpperCase(), regex: new RegExp(`^${source}$`) });
    }
  }
  return (method, path) => found.some((op) => op.method === method && op.regex.test(path));
}

/**
 * A fetch for a client whose baseUrl is Prism's (`proxyUrl`): binary operations
 * are sent to `directUrl` instead by `send`, downloads twinned through `twin`.
 */
export function bypassBinary(init: {
  proxyUrl: string;
  directUrl: string;
  isBinary: (method: string, path: string) => boolean;
  send: (request: Request) => Promise<Response>;
  twin: (request: Request) => Promise<Response>;
}): (request: Request) => Promise<Response> {
  const proxy = init.proxyUrl.replace(/\/+$/, '');
  return async (request) => {
    const path = new URL(request.url).pathname;
    if (!request.url.startsWith(`${proxy}/`) || !init.isBinary(request.method, path)) return init.send(request);
    if (request.method === 'GET') {
      const echo = await init.twin(new Request(request.url, { headers: request.headers }));
      await echo.body?.cancel();
    }
    return init.send(new Request(init.directUrl.replace(/\/+$/, '') + request.url.slice(proxy.length), request));
  };
}
