// The published docs work offline: scripts/build-docs.ts builds the page into
// test-output/docs/ (the committed docs/index.html is left alone), a loopback
// server serves it, and Chromium renders it with every request that is not for
// 127.0.0.1 or localhost aborted. The page must make none: it carries Redoc
// inline, and its Content-Security-Policy refuses the one thing Redoc would
// fetch (its logo from cdn.redoc.ly) before it becomes a request.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocs, externalResources } from '../../scripts/build-docs.js';
import { launchChromium } from '../support/chromium.js';

const OUT_DIR = fileURLToPath(new URL('../../test-output/docs/', import.meta.url));
const SCREENSHOT = fileURLToPath(new URL('../../test-output/docs.png', import.meta.url));
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const WAIT = { timeout: 10_000 } as const;

/** The operations of the `token` tag, by operationId, as openapi.yaml summarises them. */
const TOKEN_OPERATIONS = [
  { id: 'get_token', summary: 'Get a new admin access token', security: 'BasicAuth' },
  { id: 'get_user_token', summary: 'Get a new user access token', security: 'BasicAuth' },
  { id: 'logout', summary: 'Revoke the admin token presented', security: 'BearerAuth' },
  { id: 'client_logout', summary: 'Revoke the user token presented', security: 'BearerAuth' },
] as const;

describe('published API docs (docs/index.html)', () => {
  let html = '';
  let server: Server | undefined;
  let baseUrl = '';
  let browser: Browser | null = null;

  beforeAll(async () => {
    const { out } = await buildDocs({ out: `${OUT_DIR}index.html` });
    html = await readFile(out, 'utf8');
    server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
      if (request.method === 'GET' && (path === '/' || path === '/index.html')) {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        response.end(html);
      } else {
        response.writeHead(404, { 'content-type': 'text/plain' });
        response.end(`not found: ${path}`);
      }
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
  });

  it('is one self-contained file: Redoc inline, nothing loaded from a URL', () => {
    expect(externalResources(html)).toEqual([]);
    expect(html).toContain('http-equiv="Content-Security-Policy"');
    // The spec is in the page, not fetched.
    expect(html).toContain('Get a new admin access token');
    // Redoc's standalone bundle is inline, not imported from cdn.redocly.com.
    expect(html).not.toMatch(/import\s*\{\s*hydrate\s*\}\s*from\s*["']https?:/);
    expect(html).toMatch(/hydrate\(__redoc_definition/);
  });

  it('renders the token operations, the security schemes and X-SFTPGO-OTP with no network', async (ctx) => {
    if (!browser) {
      console.warn('\n⚠️  test/spec/docs.test.ts: NO CHROMIUM — the docs browser test is SKIPPED (launchChromium() returned null)\n');
      ctx.skip();
      return;
    }
    const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const blocked: string[] = [];
    const served: string[] = [];
    const errors: string[] = [];
    try {
      await context.route('**/*', async (route) => {
        const url = new URL(route.request().url());
        if (LOOPBACK_HOSTS.has(url.hostname)) {
          served.push(url.href);
          return route.continue();
        }
        blocked.push(url.href);
        return route.abort('internetdisconnected');
      });
      // What the page's Content-Security-Policy refused (never reaches the network).
      await context.addInitScript(() => {
        const refused: string[] = [];
        (window as unknown as { __cspRefused: string[] }).__cspRefused = refused;
        document.addEventListener('securitypolicyviolation', (event) => {
          refused.push(`${event.effectiveDirective} ${event.blockedURI}`);
        });
      });
      const page: Page = await context.newPage();
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().includes('Content Security Policy')) errors.push(`console: ${message.text()}`);
      });

      await page.goto(`${baseUrl}/`, { waitUntil: 'load' });
      const main = page.locator('main');
      await main.getByRole('heading', { name: 'SFTPGo token API (2.7.5)' }).waitFor(WAIT);
      // The overview's prose about the one-time code header.
      await main.getByRole('heading', { name: 'Two-factor codes' }).waitFor(WAIT);
      await main.getByText('X-SFTPGO-OTP', { exact: true }).first().waitFor(WAIT);

      // Open the `token` group in the sidebar; it lists the four operations.
      const sidebar = page.locator('[data-testid="menu-item-label"]');
      await sidebar.getByText('token', { exact: true }).click();
      for (const { summary } of TOKEN_OPERATIONS) {
        await sidebar.getByText(summary, { exact: true }).waitFor(WAIT);
      }

      // Go to each operation as a reader would, by its sidebar entry; the main
      // panel shows it with its security scheme.
      for (const { id, summary, security } of TOKEN_OPERATIONS) {
        await sidebar.getByText(summary, { exact: true }).click();
        await page.waitForURL(`**/#/token/${id}`, WAIT);
        const operation = page.locator(`[id="token/${id}"]`);
        await operation.getByRole('heading', { name: summary }).waitFor(WAIT);
        await operation.getByText(security, { exact: true }).first().waitFor(WAIT);
        if (security === 'BasicAuth') {
          // The optional one-time code header of the token requests.
          await operation.locator(`[id="token/${id}/t=request&in=headers&path=x-sftpgo-otp"]`).getByText('X-SFTPGO-OTP', { exact: true }).waitFor(WAIT);
          await operation.getByText('^[0-9]{6}$').first().waitFor(WAIT);
        }
      }

      // Search works without its worker: it finds both logout operations.
      await page.getByText('Search', { exact: false }).first().click();
      await page.getByPlaceholder('Search docs...').fill('logout');
      const results = page.getByTestId('search-dialog').locator('[data-component-name="Search/SearchItem"]');
      await results.filter({ hasText: 'Revoke the admin token presented' }).first().waitFor(WAIT);
      await results.filter({ hasText: 'Revoke the user token presented' }).first().waitFor(WAIT);
      await page.keyboard.press('Escape');
      await page.getByTestId('search-dialog').waitFor({ state: 'hidden', ...WAIT });

      // /version has SFTPGo's default security, BearerAuth or APIKeyAuth; its
      // "View security details" dialog describes each scheme, one tab each.
      await page.goto(`${baseUrl}/#/maintenance/get_version`, { waitUntil: 'load' });
      const version = page.locator('[id="maintenance/get_version"]');
      await version.getByText('BearerAuth or APIKeyAuth', { exact: true }).waitFor(WAIT);
      await version.getByText('View security details').click();
      await page.getByRole('tab', { name: 'BearerAuth' }).waitFor(WAIT);
      await page.getByText('Bearer Format', { exact: true }).waitFor(WAIT);
      await page.getByRole('tab', { name: 'APIKeyAuth' }).click();
      await page.getByText('X-SFTPGO-API-KEY', { exact: true }).waitFor(WAIT);
      await page.keyboard.press('Escape');

      // BasicAuth's details, on the admin token operation.
      await page.goto(`${baseUrl}/#/token/get_token`, { waitUntil: 'load' });
      const getToken = page.locator('[id="token/get_token"]');
      await getToken.getByRole('heading', { name: 'Get a new admin access token' }).waitFor(WAIT);
      await getToken.getByText('View security details').click();
      await page.getByText('Username and password of an admin or a user; only token paths take them.').waitFor(WAIT);
      await page.keyboard.press('Escape');
      await page.getByText('Username and password of an admin or a user; only token paths take them.').waitFor({ state: 'hidden', ...WAIT });
      // The screenshot: that operation with its security and its X-SFTPGO-OTP header.
      await getToken.locator('[id="token/get_token/t=request&in=headers&path=x-sftpgo-otp"]').getByText('X-SFTPGO-OTP', { exact: true }).waitFor(WAIT);
      await page.screenshot({ path: SCREENSHOT });

      const refused = await page.evaluate(() => (window as unknown as { __cspRefused: string[] }).__cspRefused);
      console.info(
        `docs page: ${served.length} loopback request(s), ${blocked.length} non-loopback request(s) blocked` +
          `${blocked.length > 0 ? `: ${blocked.join(', ')}` : ''}; ` +
          `${refused.length} refused in the page by its Content-Security-Policy${refused.length > 0 ? `: ${refused.join(', ')}` : ''}`,
      );
      expect(blocked).toEqual([]);
      // What the policy refuses is known and harmless: Redoc's logo from
      // cdn.redoc.ly, which Redoc hides when it does not load, and the search
      // index's probe for `Function(...)` to start a worker, after which it
      // searches on the page's own thread.
      for (const entry of refused) expect(entry).toMatch(/^(img-src https:\/\/cdn\.redoc\.ly\/|script-src eval\b)/);
      expect(errors).toEqual([]);
      expect(served.every((url) => new URL(url).pathname === '/')).toBe(true);
    } finally {
      await context.close();
    }
  }, 30_000);
});
