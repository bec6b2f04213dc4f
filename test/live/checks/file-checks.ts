// Live checks of shares and files, with the fixture spec's upstream-shaped
// operations: a share without a password downloaded with no credentials sent,
// one with a password needing the caller's own Basic header, and a few MiB
// uploaded and downloaded byte-identical.
import { createHash, randomBytes } from 'node:crypto';
import { ensure, ensureEqual, Skipped, type LiveCheck, type LiveContext } from '../live-check.js';
import { expectStatus } from '../setup-api.js';
import { sent } from './token-checks.js';
import { securityMap as fixtureMap } from '../../fixtures/generated/security.js';

const CREDENTIAL_HEADERS = ['authorization', 'x-sftpgo-api-key', 'x-sftpgo-otp'];
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Uploads a file for the test user (setup, by plain fetch) and shares it with the client; both deleted at the end. */
async function sharedFile(ctx: LiveContext, name: string, password?: string): Promise<{ id: string; bytes: Buffer }> {
  const { user, prefix } = ctx.accounts;
  const bytes = randomBytes(64 * 1024);
  const token = await ctx.setup.tokenFor('user', user.username, user.password);
  const path = `/${prefix}${name}.bin`;
  const upload = await ctx.setup.withToken(token, 'POST', `/user/files/upload?path=${encodeURIComponent(path)}`, bytes, {
    'content-type': 'application/octet-stream',
  });
  expectStatus(upload, [201], `uploading ${path}`);
  removeAtCleanup(ctx, path);
  const share = { name: `${prefix}${name}`, scope: 1 as const, paths: [path], ...(password ? { password } : {}) };
  const client = ctx.fixtureClient({ user });
  const { response } = await client.POST('/user/shares', { body: share });
  ensureEqual(response.status, 201, `POST /user/shares for ${path}`);
  const id = response.headers.get('x-object-id');
  ensure(id, 'the new share came without X-Object-ID');
  await client.clientLogout();
  ctx.setup.remember(`share ${share.name}`, async () => {
    const again = await ctx.setup.tokenFor('user', user.username, user.password);
    expectStatus(await ctx.setup.withToken(again, 'DELETE', `/user/shares/${encodeURIComponent(id)}`), [200, 404], `deleting share ${share.name}`);
  });
  return { id, bytes };
}

/** Deletes the test user's file (or folder) at cleanup: SFTPGo keeps a deleted user's files. */
function removeAtCleanup(ctx: LiveContext, path: string, kind: 'files' | 'dirs' = 'files'): void {
  const { user } = ctx.accounts;
  ctx.setup.remember(`${kind === 'files' ? 'file' : 'folder'} ${path}`, async () => {
    const token = await ctx.setup.tokenFor('user', user.username, user.password);
    expectStatus(await ctx.setup.withToken(token, 'DELETE', `/user/${kind}?path=${encodeURIComponent(path)}`), [200, 404], `deleting ${path}`);
  });
}

function download(ctx: LiveContext, id: string, authorization?: string) {
  // Configured with both accounts: none of it may reach a share download.
  const client = ctx.fixtureClient({ admin: ctx.accounts.admin, user: ctx.accounts.user });
  // compress=false: a single file as it is, not zipped.
  return client.GET('/shares/{id}', {
    params: { path: { id }, query: { compress: false } },
    ...(authorization ? { headers: { Authorization: authorization } } : {}),
  });
}

const publicShare: LiveCheck = {
  name: 'share-public',
  title: 'a public share without a password is downloaded with no credentials sent',
  async run(ctx) {
    const { id, bytes } = await sharedFile(ctx, 'public');
    const from = ctx.wire.entries.length;
    const { data, response } = await download(ctx, id);
    ensureEqual(response.status, 200, 'GET /shares/{id}');
    ensureEqual(sha256(new Uint8Array(await data!.arrayBuffer())), sha256(bytes), 'SHA-256 of the download');
    const wire = sent(ctx, from);
    ensureEqual(wire.map((e) => e.path), [`/shares/${id}`], 'requests (no token obtained)');
    ensureEqual(CREDENTIAL_HEADERS.filter((h) => wire[0]!.headers[h] !== undefined), [], 'credential headers sent');
  },
};

const passwordShare: LiveCheck = {
  name: 'share-password',
  title: "a share with a password needs the caller's own Basic header, and gets nothing else",
  async run(ctx) {
    const password = `Share-${randomBytes(9).toString('base64url')}`;
    const { id, bytes } = await sharedFile(ctx, 'protected', password);
    const from = ctx.wire.entries.length;
    const refused = await download(ctx, id);
    ensureEqual(refused.response.status, 401, 'GET /shares/{id} without credentials');
    ensure(refused.response.headers.get('www-authenticate')?.startsWith('Basic'), 'the 401 has no Basic challenge');
    const basic = `Basic ${Buffer.from(`anyone:${password}`).toString('base64')}`;
    const { data, response } = await download(ctx, id, basic);
    ensureEqual(response.status, 200, "GET /shares/{id} with the share's password");
    ensureEqual(sha256(new Uint8Array(await data!.arrayBuffer())), sha256(bytes), 'SHA-256 of the download');
    const wire = sent(ctx, from);
    ensureEqual(wire.map((e) => [e.path, e.headers.authorization ?? null]), [[`/shares/${id}`, null], [`/shares/${id}`, basic]], 'requests and their Authorization');
  },
};

const filesRoundTrip: LiveCheck = {
  name: 'files-roundtrip',
  title: 'a few MiB uploaded and downloaded byte-identical',
  async run(ctx) {
    if (!fixtureMap.operations['POST /user/files/upload']) {
      throw new Skipped('needs issue 11 (binary uploads): the fixture spec has no POST /user/files/upload yet');
    }
    const path = `/${ctx.accounts.prefix}roundtrip.bin`;
    const bytes = randomBytes(3 * 1024 * 1024);
    removeAtCleanup(ctx, path);
    const client = ctx.fixtureClient({ user: ctx.accounts.user });
    const upload = await client.POST('/user/files/upload', { params: { query: { path } }, body: bytes });
    ensureEqual(upload.response.status, 201, 'POST /user/files/upload');
    const { data, response } = await client.GET('/user/files', { params: { query: { path } } });
    ensureEqual(response.status, 200, 'GET /user/files');
    ensureEqual(sha256(new Uint8Array(await data!.arrayBuffer())), sha256(bytes), 'SHA-256 of 3 MiB downloaded');
    // Several files at once, multipart: into a folder of their own.
    const dir = `/${ctx.accounts.prefix}multipart`;
    const parts = [randomBytes(1024 * 1024), randomBytes(512 * 1024)];
    const form = new FormData();
    parts.forEach((part, i) => form.append('filenames', new Blob([part]), `part${i}.bin`));
    removeAtCleanup(ctx, dir, 'dirs');
    const multipart = await client.POST('/user/files', { params: { query: { path: dir, mkdir_parents: true } }, body: form });
    ensureEqual(multipart.response.status, 201, 'POST /user/files (multipart)');
    for (const [i, part] of parts.entries()) {
      const back = await client.GET('/user/files', { params: { query: { path: `${dir}/part${i}.bin` } } });
      ensureEqual(sha256(new Uint8Array(await back.data!.arrayBuffer())), sha256(part), `SHA-256 of multipart part ${i}`);
    }
    await client.clientLogout();
  },
};

export const fileChecks = [publicShare, passwordShare, filesRoundTrip];
