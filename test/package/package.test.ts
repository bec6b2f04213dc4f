// The package as a consumer gets it (test/support/packed-package.ts): the
// tarball installed into a fresh project outside this repo, with none of the
// optional peers, then
// (a) plain JavaScript ESM importing it and talking to the Prism mock,
// (b) TypeScript under strict settings resolving its types from the install,
// (c) the installed commands, `generate` saying what it needs.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { recordCommandOutput, recordText } from '../support/secret-recorder.js';
import { ADMIN } from '../support/secrets.js';
import { binOf, expectSuccess, installProject, ROOT, run, strictTsconfig, TSC } from '../support/packed-package.js';

const SETUP_TIMEOUT_MS = 180_000;
const TEST_TIMEOUT_MS = 60_000;

const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

let work: string;
let project: string;
let tarball: string;
let tarballBytes: number;

beforeAll(async () => {
  tarball = inject('tarball');
  tarballBytes = (await stat(tarball)).size;
  work = await mkdtemp(join(tmpdir(), 'sftpgo-client-package-'));
  project = join(work, 'consumer');
  await installProject(project, [tarball]);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds the build, the sources its declaration maps point to, the spec and the licence; no tests', async () => {
    const list = await run('tar', ['-tzf', tarball], work);
    expectSuccess('tar -tzf', list);
    const files = list.stdout
      .split('\n')
      .filter(Boolean)
      .map((name) => name.replace(/^package\//, ''));
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'LICENSE',
        'openapi.yaml',
        'dist/src/index.js',
        'dist/src/index.d.ts',
        'dist/src/index.d.ts.map',
        'dist/src/cli/sftpgo-token.js',
        'dist/src/cli/sftpgo-client.js',
        'dist/generated/openapi.d.ts',
        'dist/generated/security.js',
        'dist/generated/security.d.ts',
        'src/index.ts',
        'generated/openapi.d.ts',
      ]),
    );
    expect(files.filter((name) => /^(test|scripts|bench|node_modules)\//.test(name) || name.startsWith('tsconfig'))).toEqual([]);
    // The whole API plus its types is small; a jump means something got in by mistake.
    expect(tarballBytes).toBeLessThan(200 * 1024);
    console.info(`sftpgo-client tarball: ${files.length} files, ${(tarballBytes / 1024).toFixed(1)} kB`);
  });

  it('installs with openapi-fetch as its only runtime dependency; what generate needs stays out', async () => {
    const installed = JSON.parse(
      await readFile(join(project, 'node_modules', pkg.name, 'package.json'), 'utf8'),
    ) as { dependencies?: Record<string, string> };
    expect(Object.keys(installed.dependencies ?? {})).toEqual(['openapi-fetch']);
    for (const peer of ['openapi-typescript', 'typescript', 'yaml']) {
      await expect(stat(join(project, 'node_modules', peer)), `${peer} installed`).rejects.toThrow();
    }
  });

  it(
    '(a) plain JavaScript imports it and talks to the Prism mock',
    async () => {
      const script = `
import * as api from 'sftpgo-client';
const { createSftpgoClient, SftpgoError, SftpgoApiError, SftpgoConfigError, SftpgoNetworkError, SftpgoProtocolError, SftpgoTimeoutError } = api;

const client = createSftpgoClient({ baseUrl: process.env.PRISM_URL, admin: ${JSON.stringify(ADMIN)} });
const token = await client.getToken();
const { data, error, response } = await client.GET('/version');

let configError;
try {
  createSftpgoClient({ baseUrl: 'not a url' });
} catch (e) {
  configError = { name: e.name, isConfig: e instanceof SftpgoConfigError, isBase: e instanceof SftpgoError, message: e.message };
}

const errorClasses = { SftpgoApiError, SftpgoConfigError, SftpgoNetworkError, SftpgoProtocolError, SftpgoTimeoutError };
console.log(JSON.stringify({
  exports: Object.keys(api).sort(),
  token: { type: typeof token.access_token, length: token.access_token.length, expires_at: token.expires_at },
  version: { status: response.status, data, error: error ?? null },
  tokenInfo: client.tokenInfo('admin') ? { source: client.tokenInfo('admin').source } : null,
  configError,
  errorClassesExtendBase: Object.fromEntries(Object.entries(errorClasses).map(([n, C]) => [n, C.prototype instanceof SftpgoError])),
}));
`;
      await writeFile(join(project, 'consumer.mjs'), script);
      const result = await run(process.execPath, ['consumer.mjs'], project, { ...process.env, PRISM_URL: inject('prismUrl') });
      recordText('package consumer', result.stdout + result.stderr);
      expectSuccess('node consumer.mjs', result);
      const out = JSON.parse(result.stdout.trim().split('\n').at(-1)!);

      expect(out.exports).toEqual(
        expect.arrayContaining([
          'createSftpgoClient',
          'SftpgoError',
          'SftpgoApiError',
          'SftpgoConfigError',
          'SftpgoNetworkError',
          'SftpgoProtocolError',
          'SftpgoTimeoutError',
        ]),
      );
      expect(out.token.type).toBe('string');
      expect(out.token.length).toBeGreaterThan(20);
      expect(out.token.expires_at).toBe('2036-01-17T09:32:29Z');
      expect(out.version.status).toBe(200);
      expect(out.version.error).toBeNull();
      expect(out.version.data).toMatchObject({ version: '2.7.5' });
      expect(out.tokenInfo).toEqual({ source: 'obtained' });
      expect(out.configError).toMatchObject({ name: 'SftpgoConfigError', isConfig: true, isBase: true });
      expect(Object.values(out.errorClassesExtendBase)).toEqual([true, true, true, true, true]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    '(b) TypeScript (strict, exactOptionalPropertyTypes, NodeNext, no Node types) resolves its types from the install',
    async () => {
      const source = `
import { createSftpgoClient, SftpgoApiError, SftpgoError, type components, type SftpgoClient, type Token } from 'sftpgo-client';

const client: SftpgoClient = createSftpgoClient({
  baseUrl: 'https://sftpgo.example.com/api/v2',
  admin: { username: 'admin', password: 'secret' },
  retry: { limit: 1 },
});

export async function main(): Promise<string | undefined> {
  const token: Token = await client.getToken();
  const same: components['schemas']['Token'] = token;
  const expires: string = same.expires_at;
  const { data, error } = await client.GET('/version');
  if (error) return error.message;
  const version: string | undefined = data?.version;
  const features: string[] | undefined = data?.features;
  // Proof the types are real, not \`any\`: each of these must be an error.
  // @ts-expect-error -- no such path
  await client.GET('/nope');
  // @ts-expect-error -- /token has GET only
  await client.POST('/token');
  // @ts-expect-error -- VersionInfo has no \`nope\`
  void data?.nope;
  // @ts-expect-error -- the realm is 'admin' or 'user'
  client.tokenInfo('root');
  // The declarations name Symbol.asyncDispose without esnext.disposable or Node's types.
  const dispose: () => Promise<void> = client[Symbol.asyncDispose];
  void dispose;
  try {
    await client.logout();
  } catch (e) {
    if (e instanceof SftpgoApiError && e instanceof SftpgoError) return e.message;
  }
  return [expires, version, features?.join(',')].join(' ');
}
`;
      await writeFile(join(project, 'consumer.ts'), source);
      await writeFile(join(project, 'tsconfig.json'), strictTsconfig(['consumer.ts'], { verbatimModuleSyntax: true, noEmit: true }));
      const result = await run(process.execPath, [TSC, '-p', 'tsconfig.json', '--listFiles'], project);
      expectSuccess('tsc -p consumer tsconfig', result);
      const listed = result.stdout.split('\n').map((line) => line.trim().replaceAll('\\', '/'));
      const fromInstall = listed.filter((file) => file.includes('/consumer/node_modules/sftpgo-client/'));
      expect(fromInstall).toEqual(expect.arrayContaining([expect.stringMatching(/\/dist\/src\/index\.d\.ts$/)]));
      // Types come from the installed package only, never from this checkout
      // (whose TypeScript lends only its lib files).
      const root = ROOT.replaceAll('\\', '/');
      expect(listed.filter((file) => file.startsWith(root) && !file.startsWith(`${root}node_modules/typescript/lib/`))).toEqual([]);
      expect(listed.some((file) => file.includes('@types/node'))).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    '(c) the installed sftpgo-client generate says what to install when its peers are missing, and writes nothing',
    async () => {
      const bin = binOf(project, 'sftpgo-client');
      const help = await run(bin, ['--help'], project);
      expectSuccess('sftpgo-client --help', help);
      expect(help.stdout).toContain('sftpgo-client generate --spec');
      await writeFile(join(project, 'spec.yaml'), await readFile(join(ROOT, 'openapi.yaml'), 'utf8'));
      const result = await run(bin, ['generate', '--spec', 'spec.yaml', '--out', 'sftpgo'], project);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/sftpgo-client: generate: needs (openapi-typescript|yaml), which is not installed; run: npm install --save-dev openapi-typescript@7 typescript@5 yaml@2/);
      await expect(stat(join(project, 'sftpgo'))).rejects.toThrow();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    '(c) the installed sftpgo-token command runs',
    async () => {
      const bin = binOf(project, 'sftpgo-token');
      const version = await run(bin, ['--version'], project);
      recordCommandOutput(['--version'], version.stdout, version.stderr);
      expectSuccess('sftpgo-token --version', version);
      expect(version.stdout).toContain(pkg.version);
      const help = await run(bin, ['--help'], project);
      recordCommandOutput(['--help'], help.stdout, help.stderr);
      expectSuccess('sftpgo-token --help', help);
      expect(help.stdout + help.stderr).toContain('sftpgo-token');
    },
    TEST_TIMEOUT_MS,
  );
});
