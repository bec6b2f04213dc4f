// The demo's file step (issue 17): one file up and down with progress, through
// a client typed by the fixture spec, which is shaped like SFTPGo's complete
// document (the package's openapi.yaml has no file operations). Against the
// mock the files go to a local stand-in for SFTPGo's file operations (Prism
// cannot keep a file); against a server, to the user's home, removed after.
import { createHash } from 'node:crypto';
import { createSftpgoClient, type RealmCredentials } from '../../src/node.js';
import type { paths } from '../../test/fixtures/generated/openapi.js';
import { securityMap } from '../../test/fixtures/generated/security.js';
import { patternBytes } from '../../test/support/file-server.js';
import { progressBar } from './progress-bar.js';

const SIZE = 8 * 1024 * 1024;
const PATH = '/sftpgo-client-demo.bin';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

/**
 * `accessToken`: the user token the demo already holds, so this client asks
 * for none; without one it obtains its own and revokes it at the end.
 */
export async function fileTransfer(
  target: { baseUrl: string; user: RealmCredentials; allowInsecureHttp: boolean; accessToken?: string | undefined },
  out: (line: string) => void,
): Promise<void> {
  const auth = target.accessToken ? { accessToken: target.accessToken } : { user: target.user };
  const sftpgo = createSftpgoClient<paths>({ baseUrl: target.baseUrl, ...auth, allowInsecureHttp: target.allowInsecureHttp, securityMap });
  try {
    await transfer(sftpgo, out);
  } finally {
    if (!target.accessToken) await sftpgo.clientLogout();
  }
}

async function transfer(sftpgo: ReturnType<typeof createSftpgoClient<paths>>, out: (line: string) => void): Promise<void> {
  const bytes = patternBytes(SIZE);
  out(`   POST /user/files/upload?path=${PATH}, ${SIZE / 1024 / 1024} MiB as a Blob, with onUploadProgress`);
  const up = await sftpgo.POST('/user/files/upload', {
    params: { query: { path: PATH } },
    body: new Blob([bytes]),
    onUploadProgress: progressBar('upload  '),
  });
  // A server without SFTPGo's file operations (a stand-in of the token API only).
  if (up.response.status === 404 || up.response.status === 405) return void out(`   skipped: the server has no POST /user/files/upload (${up.response.status})`);
  if (!up.response.ok) throw new Error(`the upload answered ${up.response.status}`);
  out(`   GET /user/files?path=${PATH} as a stream, with onDownloadProgress`);
  const down = await sftpgo.GET('/user/files', {
    params: { query: { path: PATH } },
    parseAs: 'stream',
    onDownloadProgress: progressBar('download'),
  });
  if (!down.response.ok || !down.data) throw new Error(`the download answered ${down.response.status}`);
  const hash = createHash('sha256');
  let received = 0;
  for await (const chunk of down.data as unknown as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    received += chunk.byteLength;
  }
  const same = hash.digest('hex').slice(0, 16) === sha256(bytes);
  out(`   ${received} bytes back, sha-256 ${same ? 'identical' : 'DIFFERENT'} (${sha256(bytes)}…)`);
  if (!same || received !== SIZE) throw new Error('the file came back changed');
  await sftpgo.DELETE('/user/files', { params: { query: { path: PATH } } });
}
