// The package as a consumer gets it: `npm pack` (its prepack runs the real
// build), the tarball installed into a fresh project outside this repo, then
// (a) plain JavaScript ESM importing it and talking to the Prism mock,
// (b) TypeScript under strict settings resolving its types from the install,
// (c) the installed `sftpgo-token` command.
//
// No network: the only runtime dependencies (openapi-fetch and its helper types)
// are in npm's cache after this repo's own install; `--offline` first, and
// `--prefer-offline` if some cache lacks them.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { recordCommandOutput, recordText } from './support/secret-recorder.js';
import { ADMIN } from './support/secrets.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const SETUP_TIMEOUT_MS = 180_000;
const TEST_TIMEOUT_MS = 60_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; never rejects, so a failure shows its output. */
function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 150_000, shell: process.platform === 'win32' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

function describeRun(what: string, result: Run): string {
  return `${what} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

function expectSuccess(what: string, result: Run): void {
  if (result.code !== 0) throw new Error(describeRun(what, result));
}

// npm passes its configuration to scripts as npm_config_* variables; when this
// runs under `npm test` they would steer the nested npm commands (a
// `--prefix`, a `--global`, ...). The cache location is the one kept.
function cleanNpmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) && !/^npm_config_cache$/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', npm_config_update_notifier: 'false' };
}

const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

let work: string;
let project: string;
let tarball: string;
let tarballBytes: number;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sftpgo-client-package-'));
  project = join(work, 'consumer');
  const env = cleanNpmEnv();

  const pack = await run(NPM, ['pack', '--pack-destination', work], ROOT, env);
  expectSuccess('npm pack (with its prepack build)', pack);
  const tarballs = (await readdir(work)).filter((name) => name.endsWith('.tgz'));
  expect(tarballs, 'npm pack wrote one tarball').toHaveLength(1);
  tarball = join(work, tarballs[0]!);
  tarballBytes = (await stat(tarball)).size;

  await mkdir(project);
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'sftpgo-client-consumer', version: '0.0.0', private: true, type: 'module' }, null, 2),
  );
  const flags = ['--no-audit', '--no-fund', '--no-package-lock'];
  let install = await run(NPM, ['install', '--offline', ...flags, tarball], project, env);
  if (install.code !== 0) {
    console.warn(`${describeRun('npm install --offline', install)}\nretrying with --prefer-offline`);
    install = await run(NPM, ['install', '--prefer-offline', ...flags, tarball], project, env);
  }
  expectSuccess('npm install <tarball>', install);
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
        'dist/generated/openapi.d.ts',
        'dist/generated/security.js',
        'src/index.ts',
        'generated/openapi.ts',
      ]),
    );
    expect(files.filter((name) => /^(test|scripts|bench|node_modules)\//.test(name) || name.startsWith('tsconfig'))).toEqual([]);
    // The whole API plus its types is small; a jump means something got in by mistake.
    expect(tarballBytes).toBeLessThan(200 * 1024);
    console.info(`sftpgo-client tarball: ${files.length} files, ${(tarballBytes / 1024).toFixed(1)} kB`);
  });

  it('installs with openapi-fetch as its only runtime dependency', async () => {
    const installed = JSON.parse(
      await readFile(join(project, 'node_modules', pkg.name, 'package.json'), 'utf8'),
    ) as { dependencies?: Record<string, string> };
    expect(Object.keys(installed.dependencies ?? {})).toEqual(['openapi-fetch']);
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
      await writeFile(
        join(project, 'tsconfig.json'),
        JSON.stringify(
          {
            compilerOptions: {
              target: 'ES2022',
              lib: ['ES2022', 'DOM'],
              module: 'NodeNext',
              moduleResolution: 'NodeNext',
              types: [],
              strict: true,
              exactOptionalPropertyTypes: true,
              noUncheckedIndexedAccess: true,
              verbatimModuleSyntax: true,
              noEmit: true,
              // The package's declarations are checked too, under these settings.
              skipLibCheck: false,
            },
            files: ['consumer.ts'],
          },
          null,
          2,
        ),
      );
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
    '(c) the installed sftpgo-token command runs',
    async () => {
      const bin = join(project, 'node_modules', '.bin', process.platform === 'win32' ? 'sftpgo-token.cmd' : 'sftpgo-token');
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
