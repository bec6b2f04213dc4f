// A scriptable server that fails on purpose: error statuses, connection resets
// before or in the middle of a response, slow answers, redirects. Each request
// to a path takes the next scripted step; the last step repeats.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { flattenHeaders } from './flatten-headers.js';
import { listenLocal } from './listen-local.js';
import { recordIncoming } from './secret-recorder.js';

export type FaultStep =
  /** Answer this status; an object body is sent as JSON, a string as is (text/plain unless headers say otherwise). */
  | { status: number; body?: unknown; headers?: Record<string, string> }
  /** Destroy the socket without answering. */
  | { resetBeforeHeaders: true }
  /** Send the status line, headers and half a JSON body, then destroy the socket. */
  | { resetAfterHeaders: true; status?: number }
  /** Wait, then do `then`. */
  | { delayMs: number; then: FaultStep }
  /** Redirect with a Location header (default 302). */
  | { redirectTo: string; status?: 301 | 302 | 307 | 308 };

export interface FaultServerOptions {
  /** Prefix stripped before matching scripted paths; default '/api/v2' like the SFTPGo server. */
  basePath?: string;
}

export interface FaultServer {
  /** origin + basePath */
  url: string;
  origin: string;
  /** Replace the steps of `path` (without basePath) and start again from the first. Hits and headers are kept. */
  script(path: string, steps: FaultStep[]): void;
  /** Requests to `path` so far, scripted or not. */
  hits(path: string): number;
  /** Request headers of the latest hit on `path`, undefined before the first. */
  lastHeaders(path: string): Record<string, string | undefined> | undefined;
  /** Request headers of every hit on `path` (the most recent MAX_RECORDED). */
  allHeaders(path: string): Array<Record<string, string | undefined>>;
  close(): Promise<void>;
}

// Bounds, so a runaway client loop cannot grow memory or hang the run.
const MAX_RECORDED = 1000;
const MAX_DELAY_MS = 60_000;

// Captured at load so vitest fake timers installed later cannot freeze delays.
const realSetTimeout = globalThis.setTimeout.bind(globalThis);
const realClearTimeout = globalThis.clearTimeout.bind(globalThis);

const UNSCRIPTED: FaultStep = { status: 404, body: { message: 'Not Found', error: 'no steps scripted for this path' } };

export async function startFaultServer(opts: FaultServerOptions = {}): Promise<FaultServer> {
  const basePath = (opts.basePath ?? '/api/v2').replace(/\/+$/, '');
  const scripts = new Map<string, { steps: FaultStep[]; next: number }>();
  const hitCount = new Map<string, number>();
  const headerLog = new Map<string, Array<Record<string, string | undefined>>>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  function nextStep(path: string): FaultStep {
    const script = scripts.get(path);
    if (!script || script.steps.length === 0) return UNSCRIPTED;
    const step = script.steps[Math.min(script.next, script.steps.length - 1)]!;
    script.next++;
    return step;
  }

  function perform(step: FaultStep, req: IncomingMessage, res: ServerResponse): void {
    if (req.socket.destroyed) return; // the client gave up while we waited
    if ('delayMs' in step) {
      const timer = realSetTimeout(() => {
        timers.delete(timer);
        perform(step.then, req, res);
      }, Math.min(step.delayMs, MAX_DELAY_MS));
      timers.add(timer);
    } else if ('resetBeforeHeaders' in step) {
      req.socket.destroy();
    } else if ('resetAfterHeaders' in step) {
      const partial = '{"access_token":"eyJhbGciOiJIUzI1NiIs';
      // Content-Length promises more than is sent, so the client sees a truncated body.
      res.writeHead(step.status ?? 200, { 'Content-Type': 'application/json', 'Content-Length': partial.length * 4 });
      res.write(partial, () => req.socket.destroy());
    } else if ('redirectTo' in step) {
      res.writeHead(step.status ?? 302, { Location: step.redirectTo, 'Content-Length': 0 });
      res.end();
    } else {
      const isText = typeof step.body === 'string';
      const body = step.body === undefined ? '' : isText ? (step.body as string) : JSON.stringify(step.body);
      const type = step.body === undefined ? {} : { 'Content-Type': isText ? 'text/plain' : 'application/json' };
      res.writeHead(step.status, { ...type, 'Content-Length': Buffer.byteLength(body), ...step.headers });
      res.end(body);
    }
  }

  const server = createServer((req, res) => {
    recordIncoming('fault server', origin, req);
    req.resume();
    const fullPath = new URL(req.url ?? '/', 'http://localhost').pathname;
    const inBase = fullPath === basePath || fullPath.startsWith(`${basePath}/`);
    const path = inBase ? fullPath.slice(basePath.length) || '/' : fullPath;
    hitCount.set(path, (hitCount.get(path) ?? 0) + 1);
    const log = headerLog.get(path) ?? [];
    log.push(flattenHeaders(req.headers));
    if (log.length > MAX_RECORDED) log.shift();
    headerLog.set(path, log);
    perform(nextStep(path), req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const origin = await listenLocal(server);

  return {
    url: origin + basePath,
    origin,
    script: (path, steps) => {
      scripts.set(path, { steps: [...steps], next: 0 });
    },
    hits: (path) => hitCount.get(path) ?? 0,
    lastHeaders: (path) => headerLog.get(path)?.at(-1),
    allHeaders: (path) => [...(headerLog.get(path) ?? [])],
    // Pending delays and open sockets would otherwise keep the process alive.
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) realClearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
