/**
 * Writes down, for the check at the end of the run (secret-leak-reporter.ts),
 * every request a test sends and every string the package produces, in any
 * process of the run: the test workers (through record-secrets-setup.ts), the
 * test servers (test/support/*), the main process's Prism front. Each process
 * appends its records to its own file in one folder (issue 14).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RecordedItem } from './find-secret-leaks.js';
import type { SecretKind } from './secrets.js';

/** Where the records of a run go; another run (the recorder's own test) points elsewhere. */
export const RECORDER_DIR =
  process.env.SECRET_RECORDER_DIR ?? fileURLToPath(new URL('../../test-output/secret-recorder/', import.meta.url));

const FILE = join(RECORDER_DIR, `${process.pid}-${randomBytes(4).toString('hex')}.jsonl`);
// Up to this many distinct records are kept before a flush; each is written once.
const MAX_BUFFERED = 5_000;

let buffer: string[] = [];
const written = new Set<string>();

function add(item: RecordedItem): void {
  const line = JSON.stringify(item);
  if (written.has(line)) return;
  written.add(line);
  buffer.push(line);
  if (buffer.length >= MAX_BUFFERED) flushRecords();
}

/** A request as it was sent or as a test server received it. */
export function recordRequest(where: string, request: { method: string; url: string; headers: Record<string, string>; body?: string | undefined }): void {
  add({ t: 'request', where, method: request.method, url: request.url, headers: request.headers, ...(request.body ? { body: request.body } : {}) });
}

// A body is kept up to this size: file uploads run to megabytes of file, not of credentials.
const MAX_BODY_BYTES = 64 * 1024;

/**
 * What a test server received: call before the server reads or resumes the
 * request, so the body is seen as it flows.
 */
export function recordIncoming(where: string, origin: string, req: IncomingMessage): void {
  const chunks: Buffer[] = [];
  let kept = 0;
  req.on('data', (chunk: Buffer) => {
    if (kept >= MAX_BODY_BYTES) return;
    chunks.push(chunk.subarray(0, MAX_BODY_BYTES - kept));
    kept += chunk.length;
  });
  const done = () => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = String(value);
    recordRequest(where, { method: req.method ?? 'GET', url: `${origin}${req.url ?? '/'}`, headers, body: Buffer.concat(chunks).toString('utf8') });
  };
  req.once('end', done);
  req.once('aborted', done);
}

/**
 * A string the package produced: an error (message, stack, inspect), an event,
 * the command's output. `cli-stdout:get` is the one source where a token may appear.
 */
export function recordText(source: string, text: string): void {
  if (text) add({ t: 'text', source, text });
}

/**
 * What a run of `sftpgo-token` printed: standard output under its command
 * (`cli-stdout:get` may carry the token it exists to print), standard error.
 */
export function recordCommandOutput(args: string[], stdout: string, stderr: string): void {
  recordText(`cli-stdout:${args.find((arg) => !arg.startsWith('-')) ?? ''}`, stdout);
  recordText('cli-stderr', stderr);
}

/** A secret known only at run time, such as a token a test server issued. */
export function registerSecret(kind: SecretKind, value: string, name: string): void {
  add({ t: 'secret', secret: { name, kind, value } });
}

export function flushRecords(): void {
  if (buffer.length === 0) return;
  mkdirSync(RECORDER_DIR, { recursive: true });
  appendFileSync(FILE, `${buffer.join('\n')}\n`);
  buffer = [];
  // Forgetting what was written bounds memory in long runs; a repeat costs a line.
  if (written.size > 50_000) written.clear();
}

// A process that ends without a last flush (a test server's child, a worker
// whose last hook did not run) still writes; once per module instance.
process.once('exit', flushRecords);
