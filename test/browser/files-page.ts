// The second page test/package/browser.test.ts opens: a client typed by the fixture
// spec (shaped like SFTPGo's complete document) uploads and downloads a file
// with progress, against the page's own server at /api/v2 (which passes file
// operations on to a local file server). Writes its findings into
// <pre id="result"> as JSON, data-state "done" or "failed".
import { createSftpgoClient, type TransferProgress } from '../../src/index.ts';
import type { paths } from '../fixtures/generated/openapi.js';
import { securityMap } from '../fixtures/generated/security.js';
import { USER } from '../support/secrets.ts';

const result = document.getElementById('result')!;
const report = (state: 'done' | 'failed', value: unknown) => {
  result.textContent = JSON.stringify(value, null, 2);
  result.dataset['state'] = state;
};

async function main(): Promise<void> {
  const sftpgo = createSftpgoClient<paths>({ baseUrl: '/api/v2', user: { ...USER }, securityMap });
  const size = 2 * 1024 * 1024;
  const bytes = new Uint8Array(size).map((_, i) => (i * 31 + 7) & 0xff);
  const up: TransferProgress[] = [];
  const upload = await sftpgo.POST('/user/files/upload', {
    params: { query: { path: '/page.bin' } },
    body: new Blob([bytes]),
    onUploadProgress: (p) => up.push(p),
  });
  const down: TransferProgress[] = [];
  const download = await sftpgo.GET('/user/files', { params: { query: { path: '/page.bin' } }, onDownloadProgress: (p) => down.push(p) });
  const back = new Uint8Array(await download.data!.arrayBuffer());
  report('done', {
    uploadStatus: upload.response.status,
    downloadStatus: download.response.status,
    identical: back.length === size && back.every((b, i) => b === bytes[i]),
    up,
    downCount: down.length,
    downFirst: down[0],
    downLast: down.at(-1),
    downMonotonic: down.every((p, i) => i === 0 || p.transferredBytes >= down[i - 1]!.transferredBytes),
  });
}

main().catch((err: unknown) => report('failed', { name: (err as Error)?.name, message: (err as Error)?.message, stack: (err as Error)?.stack }));
