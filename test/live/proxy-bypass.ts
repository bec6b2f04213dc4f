// Requests Prism's proxy cannot carry for the live suite, sent straight to the
// server instead:
// - binary bodies: Prism 5 is no byte-for-byte proxy, it reads bodies as UTF-8
//   text, so an upload or download through it arrives re-encoded and bigger
//   (stoplightio/prism#1321, #2349). Found in the spec as a `format: binary` or
//   multipart request, or a `format: binary` answer. A download is also sent
//   once more through Prism, body ignored, so its status and headers are
//   still validated;
// - operations with their own server (SFTPGo's public `/healthz`, at the root,
//   not under `/api/v2`): the proxy forwards every path below its upstream, the
//   API root, where SFTPGo has no such path.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

type Content = Record<string, { schema?: { format?: string } }>;
interface Operation {
  servers?: unknown[];
  requestBody?: { content?: Content };
  responses?: Record<string, { content?: Content }>;
}
type Spec = { paths?: Record<string, Record<string, Operation> & { servers?: unknown[] }> };
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const binary = (content: Content | undefined) =>
  Object.entries(content ?? {}).some(([type, media]) => type.startsWith('multipart/') || media.schema?.format === 'binary');

/** Why an operation bypasses the proxy: `binary`, `own-server`, or undefined when it does not. */
export type Bypass = 'binary' | 'own-server' | undefined;

/** The spec's operations that bypass Prism, by method and concrete path. */
export function bypassedOperations(specFile: string): (method: string, path: string) => Bypass {
  const spec = parse(readFileSync(specFile, 'utf8')) as Spec;
  const found: Array<{ method: string; regex: RegExp; why: Exclude<Bypass, undefined> }> = [];
  for (const [template, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const why = op.servers || item.servers ? 'own-server' : binary(op.requestBody?.content) || Object.values(op.responses ?? {}).some((r) => binary(r.content)) ? 'binary' : undefined;
      if (!why) continue;
      const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
      found.push({ method: method.toUpperCase(), regex: new RegExp(`^${source}$`), why });
    }
  }
  return (method, path) => found.find((op) => op.method === method && op.regex.test(path))?.why;
}

/**
 * A fetch for a client whose baseUrl is Prism's (`proxyUrl`): what bypasses it
 * is sent by `send` to `directUrl` (binary) or to the server's origin (its own
 * server), binary downloads twinned through `twin`; the rest to Prism by `send`.
 */
export function bypassProxy(init: {
  proxyUrl: string;
  directUrl: string;
  bypassOf: (method: string, path: string) => Bypass;
  send: (request: Request) => Promise<Response>;
  twin: (request: Request) => Promise<Response>;
}): (request: Request) => Promise<Response> {
  const proxy = init.proxyUrl.replace(/\/+$/, '');
  const direct = init.directUrl.replace(/\/+$/, '');
  return async (request) => {
    const url = new URL(request.url);
    const why = url.origin === new URL(proxy).origin ? init.bypassOf(request.method, url.pathname) : undefined;
    if (why === 'own-server') return init.send(new Request(new URL(url.pathname + url.search, direct).href, request));
    if (why !== 'binary' || !request.url.startsWith(`${proxy}/`)) return init.send(request);
    if (request.method === 'GET') {
      const echo = await init.twin(new Request(request.url, { headers: request.headers }));
      await echo.body?.cancel();
    }
    return init.send(new Request(direct + request.url.slice(proxy.length), request));
  };
}
