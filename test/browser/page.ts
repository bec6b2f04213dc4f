// The page test/package/browser.test.ts opens in Chromium, bundled by esbuild for the
// browser from the library's sources. It uses only the public API, against the
// Prism mock on another origin (its URL in `?prism=`), or with `?base=/api/v2`
// a relative base URL: the page's own server, which passes /api/v2 on to the
// mock (as a page served by SFTPGo itself would call it). It writes what
// happened into <pre id="result"> as JSON, with data-state="done" or "failed".
import { createSftpgoClient, SftpgoError } from '../../src/index.ts';
import { ADMIN } from '../support/secrets.ts';

const result = document.getElementById('result')!;

function report(state: 'done' | 'failed', value: unknown): void {
  result.textContent = JSON.stringify(value, null, 2);
  result.dataset['state'] = state;
}

async function main(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const prismUrl = params.get('prism');
  if (!prismUrl) throw new Error('no ?prism= in the page URL');
  const client = createSftpgoClient({ baseUrl: params.get('base') ?? prismUrl, admin: { ...ADMIN } });

  const before = client.tokenInfo('admin');
  // The first admin call obtains a token from /token, then sends it as a bearer.
  const { data, error, response } = await client.GET('/version');
  const info = client.tokenInfo('admin');

  report('done', {
    pageOrigin: location.origin,
    prismOrigin: new URL(prismUrl).origin,
    tokenBefore: before ?? null,
    tokenInfo: info
      ? { source: info.source, expiresAt: info.expiresAt?.toISOString() ?? null, renewAt: info.renewAt?.toISOString() ?? null }
      : null,
    status: response.status,
    version: data ?? null,
    error: error ?? null,
  });
}

main().catch((err: unknown) => {
  report('failed', {
    name: err instanceof Error ? err.name : typeof err,
    message: err instanceof Error ? err.message : String(err),
    ours: err instanceof SftpgoError,
    stack: err instanceof Error ? err.stack : undefined,
  });
});
