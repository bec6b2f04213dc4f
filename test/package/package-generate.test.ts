// The whole API from the installed package (issue 10): the packed tarball
// installed with the generator's optional peers, `npx sftpgo-client generate`
// run on a spec shaped like SFTPGo's complete document (from a file and from a
// URL on 127.0.0.1), a strict TypeScript consumer of the output type-checked,
// then run against a Prism mock of that spec: each call must carry exactly
// the credentials its security says.
import { readFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listenLocal } from '../support/listen-local.js';
import { binOf, expectSuccess, installProject, ROOT, run, strictTsconfig } from '../support/packed-package.js';
import { startPrism, type PrismHandle } from '../support/prism.js';

const SPEC = join(ROOT, 'test/fixtures/sftpgo-like.yaml');
const TIMEOUT_MS = 90_000;
const version = async (name: string) => (JSON.parse(await readFile(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

let work: string;
let project: string;
let prism: PrismHandle;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sftpgo-client-generate-'));
  project = join(work, 'consumer');
  // The peers at the versions this repository tests with, so they come from npm's cache.
  const peers = await Promise.all(['openapi-typescript', 'typescript', 'yaml'].map(async (name) => `${name}@${await version(name)}`));
  [prism] = await Promise.all([startPrism({ spec: SPEC, mode: 'mock' }), installProject(project, [inject('tarball'), ...peers])]);
  await writeFile(join(project, 'sftpgo-openapi.yaml'), await readFile(SPEC, 'utf8'));
}, 180_000);

afterAll(async () => {
  await prism?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const generate = (...args: string[]) => run(binOf(project, 'sftpgo-client'), ['generate', ...args], project);

describe('npx sftpgo-client generate', () => {
  it(
    'writes the types, the map and a bound factory, as plain .js and .d.ts, with a header saying how to remake them',
    async () => {
      const result = await generate('--spec', 'sftpgo-openapi.yaml', '--out', 'sftpgo');
      expectSuccess('sftpgo-client generate', result);
      expect((await readdir(join(project, 'sftpgo'))).sort()).toEqual(['index.d.ts', 'index.js', 'openapi.d.ts', 'security.d.ts', 'security.js']);
      const index = await readFile(join(project, 'sftpgo', 'index.js'), 'utf8');
      expect(index).toContain('// Remake it with: npx sftpgo-client generate --spec sftpgo-openapi.yaml --out sftpgo\n');
      expect(index).toContain("from \"sftpgo-client\"");
      // Deterministic: the same spec gives the same bytes.
      const before = await readFile(join(project, 'sftpgo', 'openapi.d.ts'), 'utf8');
      expectSuccess('generate again', await generate('-i', 'sftpgo-openapi.yaml', '-o', 'sftpgo'));
      expect(await readFile(join(project, 'sftpgo', 'openapi.d.ts'), 'utf8')).toBe(before);
    },
    TIMEOUT_MS,
  );

  it(
    'reads the spec from an http URL, as SFTPGo serves it at /openapi/openapi.yaml',
    async () => {
      const text = await readFile(SPEC, 'utf8');
      const server = createServer((request, response) => {
        if (request.url !== '/openapi/openapi.yaml') return void response.writeHead(404).end();
        response.writeHead(200, { 'content-type': 'application/x-yaml' }).end(text);
      });
      const url = await listenLocal(server);
      try {
        expectSuccess('generate from a URL', await generate('--spec', `${url}/openapi/openapi.yaml`, '--out', 'from-url'));
        const fromFile = await readFile(join(project, 'sftpgo', 'security.js'), 'utf8');
        const fromUrl = await readFile(join(project, 'from-url', 'security.js'), 'utf8');
        // The same map; only the header names another source.
        expect(fromUrl.split('\n').slice(2)).toEqual(fromFile.split('\n').slice(2));
        const missing = await generate('--spec', `${url}/nope.yaml`, '--out', 'not-written');
        expect(missing.code).toBe(1);
        expect(missing.stderr).toContain('sftpgo-client: generate: cannot fetch');
        expect(missing.stderr).toContain('answered 404');
        await expect(readdir(join(project, 'not-written'))).rejects.toThrow();
      } finally {
        server.close();
      }
    },
    TIMEOUT_MS,
  );

  it(
    'a consumer type-checks (wrong path, query parameter and body are errors) and each call carries exactly its credentials',
    async () => {
      await writeFile(join(project, 'consumer.ts'), CONSUMER);
      await writeFile(join(project, 'tsconfig.json'), strictTsconfig(['consumer.ts']));
      const tsc = await run(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], project);
      expectSuccess('tsc -p consumer', tsc);
      const result = await run(process.execPath, ['consumer.js'], project, { ...process.env, PRISM_URL: prism.url });
      expectSuccess('node consumer.js', result);
      const { seen, statuses } = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as {
        seen: { method: string; path: string; authorization: string | null; apiKey: string | null }[];
        statuses: Record<string, number>;
      };
      const auth = (method: string, path: string) => seen.filter((r) => r.method === method && r.path === path).map((r) => r.authorization);
      expect(auth('GET', '/token')).toEqual([`Basic ${btoa('admin:admin-password')}`]);
      expect(auth('GET', '/user/token')).toEqual([`Basic ${btoa('alice:alice-password')}`]);
      expect(auth('GET', '/users')).toEqual(['Bearer admin.jwt.token']);
      expect(auth('GET', '/user/dirs')).toEqual(['Bearer user.jwt.token']);
      expect(auth('POST', '/user/files/upload')).toEqual(['Bearer user.jwt.token']);
      // A share: nothing of ours; the caller's Basic when it passes one.
      expect(auth('GET', '/shares/open')).toEqual([null]);
      expect(auth('GET', '/shares/locked')).toEqual([`Basic ${btoa('share:share-password')}`]);
      expect(auth('GET', '/healthz')).toEqual([null]);
      expect(seen.every((r) => r.apiKey === null)).toBe(true);
      expect(statuses).toMatchObject({ users: 200, dirs: 200, upload: 201, healthz: 200, locked: 200 });
    },
    TIMEOUT_MS,
  );
});

const CONSUMER = `
import { basicAuthorization } from 'sftpgo-client';
import { createSftpgoClient } from './sftpgo/index.js';

declare const process: { env: Record<string, string | undefined> };

const seen: { method: string; path: string; authorization: string | null; apiKey: string | null }[] = [];
const sftpgo = createSftpgoClient({
  baseUrl: process.env.PRISM_URL!,
  admin: { username: 'admin', password: 'admin-password' },
  user: { username: 'alice', password: 'alice-password' },
  fetch: (request) => {
    seen.push({
      method: request.method,
      path: new URL(request.url).pathname,
      authorization: request.headers.get('authorization'),
      apiKey: request.headers.get('x-sftpgo-api-key'),
    });
    return fetch(request);
  },
});

const users = await sftpgo.GET('/users', { params: { query: { limit: 10, order: 'ASC' } } });
const names: (string | undefined)[] = (users.data ?? []).map((u) => u.username);
const dirs = await sftpgo.GET('/user/dirs', { params: { query: { path: '/' } } });
const sizes: (number | undefined)[] = (dirs.data ?? []).map((entry) => entry.size);
const upload = await sftpgo.POST('/user/files/upload', { params: { query: { path: '/a.bin' } }, body: new Uint8Array([1, 2, 3]) });
const open = await sftpgo.GET('/shares/{id}', { params: { path: { id: 'open' } } });
const locked = await sftpgo.GET('/shares/{id}', {
  params: { path: { id: 'locked' } },
  headers: { Authorization: basicAuthorization('share', 'share-password') },
});
const file: Blob | undefined = locked.data;
const healthz = await sftpgo.GET('/healthz');

async function neverRun() {
  // @ts-expect-error -- no such path
  await sftpgo.GET('/nope');
  // @ts-expect-error -- limit is an integer
  await sftpgo.GET('/users', { params: { query: { limit: 'ten' } } });
  // @ts-expect-error -- a raw upload takes bytes, not an object
  await sftpgo.POST('/user/files/upload', { params: { query: { path: '/a' } }, body: { not: 'bytes' } });
}
void neverRun;

console.log(JSON.stringify({
  seen,
  names,
  sizes,
  fileType: typeof file,
  statuses: {
    users: users.response.status,
    dirs: dirs.response.status,
    upload: upload.response.status,
    open: open.response.status,
    locked: locked.response.status,
    healthz: healthz.response.status,
  },
}));
`;
