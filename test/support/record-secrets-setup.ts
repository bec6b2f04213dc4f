/**
 * Loaded before every test file (vitest `setupFiles`): the worker's part of
 * the suite-wide secret recorder (issue 14). Every request sent with fetch in
 * this process is recorded (URL, headers, body) before it goes; every client
 * made with `createSftpgoClient`, however the test imports it (the Node entry,
 * the command's in-process `main()`), reports what it produces (watch-client.ts). The
 * records are written when the file's tests are done, and checked at the end
 * of the run by secret-leak-reporter.ts.
 */
import { afterAll, vi } from 'vitest';
import { flushRecords, recordRequest } from './secret-recorder.js';
import { recordLiveClients } from './watch-client.js';

vi.mock('../../src/create-sftpgo-client.ts', async (importOriginal) => {
  const { watchCreateClient } = await import('./watch-client.js');
  const original = await importOriginal<typeof import('../../src/create-sftpgo-client.ts')>();
  return {
    ...original,
    createSftpgoClient: watchCreateClient(original.createSftpgoClient),
    // The Node entry (src/node.ts) makes its own from the factory.
    sftpgoClientFactory: (platform: Parameters<typeof original.sftpgoClientFactory>[0]) => watchCreateClient(original.sftpgoClientFactory(platform)),
  };
});

const realFetch = globalThis.fetch;
globalThis.fetch = async function recordedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  if (input instanceof Request && !init && input.body === null) {
    // The client's every call: nothing to copy.
    recordRequest('fetch', { method: input.method, url: input.url, headers: Object.fromEntries(input.headers) });
    return realFetch(input);
  }
  // A stream given in init can be read once, by the real fetch: it is recorded as such.
  const streamed = init?.body instanceof ReadableStream;
  let seen: Request | undefined;
  try {
    seen = input instanceof Request && !init ? input.clone() : new Request(input, streamed ? { ...init, body: null, method: 'POST' } : init);
  } catch {
    // fetch itself will refuse it, with its own error.
  }
  if (seen) {
    const body = streamed ? '[a stream]' : seen.body === null ? undefined : await seen.text().catch(() => '[unreadable]');
    recordRequest('fetch', { method: init?.method ?? seen.method, url: seen.url, headers: Object.fromEntries(seen.headers), body });
  }
  return realFetch(input, init);
};

afterAll(() => {
  recordLiveClients();
  flushRecords();
});
