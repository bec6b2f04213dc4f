// The library in a real browser: test/browser/page.ts, bundled by esbuild for
// the browser from src/ (a `node:` or other Node built-in import anywhere in
// the library fails the bundle), served from 127.0.0.1 and opened in Chromium.
// The page calls the Prism mock on another origin through the public API: the
// client obtains an admin token (Basic) and sends it as a bearer, across CORS.
// Every request that does not go to a loopback address is aborted.
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { builtinModules } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { recordText } from '../support/secret-recorder.js';
import { startFileServer, type FileServer } from '../support/file-server.js';

const PAGE_ENTRY = fileURLToPath(new URL('../browser/page.ts', import.meta.url));
const FILES_PAGE_ENTRY = fileURLToPath(new URL('../browser/files-page.ts', import.meta.url));
const OUTPUT_DIR = fileURLToPath(new URL('../../test-output/', import.meta.url));
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

const HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>sftpgo-client in a browser</title></head>
<body>
<h1>sftpgo-client in a browser</h1>
<pre id="result" data-state="running">running…</pre>
<script type="module" src="/page.js"></script>
</body>
</html>
`;

const NODE_BUILTINS = new Set(builtinModules.filter((name) => !name.startsWith('_')));

/** Fails the bundle on any Node built-in, `node:`-prefixed or bare (`fs`, `crypto`, ...). */
const noNodeBuiltins: Plugin = {
  name: 'no-node-builtins',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      const bare = args.path.replace(/^node:/, '').split('/')[0]!;
      if (args.path.startsWith('node:') || NODE_BUILTINS.has(bare)) {
        return { errors: [{ text: `"${args.path}" is a Node built-in: the library must run in browsers (imported by ${args.importer})` }] };
      }
      return undefined;
    });
  },
};

async function bundle(entry: { path: string } | { contents: string }): Promise<{ code: string; inputs: string[] }> {
  const result = await build({
    ...('path' in entry
      ? { entryPoints: [entry.path] }
      : { stdin: { contents: entry.contents, resolveDir: fileURLToPath(new URL('../browser/', import.meta.url)), loader: 'ts' } }),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [noNodeBuiltins],
  });
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
}

/** The page's own server passing a request on to `url`, body included. */
async function passOn(req: import('node:http').IncomingMessage, url: string, res: import('node:http').ServerResponse, paceMs = 0): Promise<void> {
  const headers = Object.fromEntries(Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'host'));
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(Buffer.concat(chunks));
  const answer = await fetch(url, { method: req.method ?? 'GET', headers, ...(body ? { body } : {}) });
  res.writeHead(answer.status, Object.fromEntries(answer.headers));
  if (!paceMs || !answer.body) return void res.end(Buffer.from(await answer.arrayBuffer()));
  // A download in paced pieces: sent at once, a busy page may read it all in one
  // go, and then there is no progress between the first event and the last.
  const reader = answer.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    if (!res.write(read.value)) await new Promise((resolve) => res.once('drain', resolve));
    await new Promise((resolve) => setTimeout(resolve, paceMs));
  }
  res.end();
}

describe('the bundler guard', () => {
  it('refuses a Node built-in, with or without node:', async () => {
    await expect(bundle({ contents: "import { readFileSync } from 'node:fs'; console.log(readFileSync);" })).rejects.toThrow(
      /"node:fs" is a Node built-in/,
    );
    await expect(bundle({ contents: "import { createHash } from 'crypto'; console.log(createHash);" })).rejects.toThrow(
      /"crypto" is a Node built-in/,
    );
  });
});

describe('the library in Chromium', () => {
  let browser: Browser | null = null;
  let server: Server | undefined;
  let pageUrl = '';
  let inputs: string[] = [];
  let files: FileServer | undefined;

  beforeAll(async () => {
    const built = await bundle({ path: PAGE_ENTRY });
    const filesPage = await bundle({ path: FILES_PAGE_ENTRY });
    files = await startFileServer();
    inputs = built.inputs;
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      if (path === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML);
      } else if (path === '/page.js') {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(built.code);
      } else if (path === '/files') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML.replace('/page.js', '/files-page.js'));
      } else if (path === '/files-page.js') {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(filesPage.code);
      } else if (path.startsWith('/api/v2/user/files') || path === '/api/v2/user/token') {
        void passOn(req, `${files!.url}${path.slice('/api/v2'.length)}${new URL(req.url ?? '/', 'http://x').search}`, res, req.method === 'GET' ? 10 : 0);
      } else if (path.startsWith('/api/v2/')) {
        // The page's own server passes the API on to the mock (Prism serves it at its root).
        void passOn(req, `${inject('prismUrl')}${path.slice('/api/v2'.length)}`, res);
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    pageUrl = `http://127.0.0.1:${port}/?prism=${encodeURIComponent(inject('prismUrl'))}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await files?.close();
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
  });

  it('bundles the library from src/ with openapi-fetch and no Node module', () => {
    expect(inputs.some((file) => file.endsWith('src/index.ts'))).toBe(true);
    expect(inputs.some((file) => file.includes('node_modules/openapi-fetch/'))).toBe(true);
  });

  it('obtains a token and gets /version from the mock on another origin', async (ctx) => {
    if (!browser) {
      console.warn('\n⚠️  test/package/browser.test.ts: NO CHROMIUM — the browser test is SKIPPED (launchChromium() returned null)\n');
      ctx.skip();
      return;
    }
    const context = await browser.newContext();
    const blocked: string[] = [];
    const requests: Promise<{ method: string; url: string; authorization: string | undefined }>[] = [];
    const logs: string[] = [];
    try {
      await context.route('**/*', async (route) => {
        const url = new URL(route.request().url());
        if (LOOPBACK_HOSTS.has(url.hostname)) return route.continue();
        blocked.push(url.href);
        return route.abort('blockedbyclient');
      });
      const page = await context.newPage();
      page.on('console', (message) => logs.push(`console.${message.type()}: ${message.text()}`));
      page.on('pageerror', (error) => logs.push(`pageerror: ${error.message}`));
      page.on('request', (request) => {
        const seen = { method: request.method(), url: request.url() };
        requests.push(
          request.allHeaders().then(
            (headers) => ({ ...seen, authorization: headers['authorization'] }),
            () => ({ ...seen, authorization: undefined }),
          ),
        );
      });

      await page.goto(pageUrl);
      const result = page.locator('#result');
      await page.waitForSelector('#result:not([data-state="running"])', { timeout: 15_000 }).catch(() => undefined);
      const state = await result.getAttribute('data-state');
      const text = (await result.textContent()) ?? '';
      // What the library produced in the browser goes to the secret check too (issue 14).
      recordText('browser page', `${text}\n${logs.join('\n')}`);
      await mkdir(OUTPUT_DIR, { recursive: true });
      await page.screenshot({ path: `${OUTPUT_DIR}browser.png`, fullPage: true });

      const explain = `page state ${state}\n${text}\n--- page log\n${logs.join('\n')}\n--- blocked\n${blocked.join('\n')}`;
      expect(state, explain).toBe('done');
      const out = JSON.parse(text);
      const prismOrigin = new URL(inject('prismUrl')).origin;
      expect(out.pageOrigin).not.toBe(out.prismOrigin);
      expect(out.prismOrigin).toBe(prismOrigin);
      expect(out.tokenBefore).toBeNull();
      // The mock's expires_at, moved onto the browser's clock by the response's
      // Date: the two clocks are the same machine's, so within seconds.
      expect(out.tokenInfo.source).toBe('obtained');
      expect(Math.abs(Date.parse(out.tokenInfo.expiresAt) - Date.parse('2036-01-17T09:32:29Z'))).toBeLessThan(60_000);
      expect(out.status).toBe(200);
      expect(out.error).toBeNull();
      expect(out.version).toMatchObject({ version: '2.7.5', commit_hash: '8c4f5a1' });

      // What went over the wire: Basic to /token, then the bearer to /version.
      const api = (await Promise.all(requests)).filter((request) => request.url.startsWith(prismOrigin) && request.method !== 'OPTIONS');
      expect(api.map((request) => `${request.method} ${new URL(request.url).pathname}`)).toEqual(['GET /token', 'GET /version']);
      expect(api[0]!.authorization).toMatch(/^Basic /);
      expect(api[1]!.authorization).toMatch(/^Bearer \S+\.\S+\.\S+$/);
      expect(blocked).toEqual([]);

      // The guard itself: a request off this machine never leaves it.
      const offMachine = await page.evaluate(() =>
        fetch('https://sftpgo.example.com/api/v2/version', { mode: 'no-cors' }).then(
          () => 'reached',
          () => 'blocked',
        ),
      );
      expect(offMachine).toBe('blocked');
      expect(blocked).toEqual(['https://sftpgo.example.com/api/v2/version']);
    } finally {
      await context.close();
    }
  });

  it('with a relative baseUrl (/api/v2) calls the page\'s own server, credentials included', async (ctx) => {
    if (!browser) {
      console.warn('\n⚠️  test/package/browser.test.ts: NO CHROMIUM — the same-origin browser test is SKIPPED\n');
      ctx.skip();
      return;
    }
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const requests: Promise<{ url: string; authorization: string | undefined }>[] = [];
      page.on('request', (request) => requests.push(request.allHeaders().then((headers) => ({ url: request.url(), authorization: headers['authorization'] }))));
      await page.goto(`${pageUrl}&base=${encodeURIComponent('/api/v2')}`);
      await page.waitForSelector('#result:not([data-state="running"])', { timeout: 15_000 }).catch(() => undefined);
      const result = page.locator('#result');
      const text = (await result.textContent()) ?? '';
      expect(await result.getAttribute('data-state'), text).toBe('done');
      const out = JSON.parse(text);
      expect(out.status).toBe(200);
      expect(out.version).toMatchObject({ version: '2.7.5' });
      const pageOrigin = new URL(pageUrl).origin;
      const api = (await Promise.all(requests)).filter((request) => new URL(request.url).pathname.startsWith('/api/v2/'));
      expect(api.map((request) => request.url)).toEqual([`${pageOrigin}/api/v2/token`, `${pageOrigin}/api/v2/version`]);
      expect(api[0]!.authorization).toMatch(/^Basic /);
      expect(api[1]!.authorization).toMatch(/^Bearer \S+\.\S+\.\S+$/);
    } finally {
      await context.close();
    }
  });

  it('uploads and downloads a file with progress (upload: start and end; download: counted as read)', async (ctx) => {
    if (!browser) {
      console.warn('\n⚠️  test/package/browser.test.ts: NO CHROMIUM — the files browser test is SKIPPED\n');
      ctx.skip();
      return;
    }
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(new URL('/files', pageUrl).href);
      await page.waitForSelector('#result:not([data-state="running"])', { timeout: 15_000 }).catch(() => undefined);
      const result = page.locator('#result');
      const text = (await result.textContent()) ?? '';
      expect(await result.getAttribute('data-state'), text).toBe('done');
      const out = JSON.parse(text);
      const size = 2 * 1024 * 1024;
      expect([out.uploadStatus, out.downloadStatus, out.identical]).toEqual([201, 200, true]);
      // fetch in a browser streams request bodies over HTTP/2 only: the start and the end.
      expect(out.up).toEqual([
        { percent: 0, transferredBytes: 0, totalBytes: size },
        { percent: 1, transferredBytes: size, totalBytes: size },
      ]);
      expect(out.downFirst).toEqual({ percent: 0, transferredBytes: 0, totalBytes: size });
      expect(out.downLast).toEqual({ percent: 1, transferredBytes: size, totalBytes: size });
      expect(out.downMonotonic).toBe(true);
      expect(out.downCount).toBeGreaterThan(2);
      await page.screenshot({ path: `${OUTPUT_DIR}browser-files.png`, fullPage: true });
    } finally {
      await context.close();
    }
  });
});
