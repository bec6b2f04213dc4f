// The package as a consumer gets it: `npm pack` once for the whole run (in
// test/global-setup.ts; its prepack runs the real build), installed into
// fresh projects outside this repo by the packaging tests.
//
// No network: the dependencies are in npm's cache after this repo's own
// install; `--offline` first, and `--prefer-offline` if some cache lacks them.
import { execFile } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; never rejects, so a failure shows its output. */
export function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Run> {
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

export function describeRun(what: string, result: Run): string {
  return `${what} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

export function expectSuccess(what: string, result: Run): void {
  if (result.code !== 0) throw new Error(describeRun(what, result));
}

// npm passes its configuration to scripts as npm_config_* variables; when this
// runs under `npm test` they would steer the nested npm commands (a
// `--prefix`, a `--global`, ...). The cache location is the one kept.
export function cleanNpmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) && !/^npm_config_cache$/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', npm_config_update_notifier: 'false' };
}

/** `npm pack` of this repository into `dir`; resolves the tarball's path. */
export async function packPackage(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const pack = await run(NPM, ['pack', '--pack-destination', dir], ROOT, cleanNpmEnv());
  expectSuccess('npm pack (with its prepack build)', pack);
  const tarballs = (await readdir(dir)).filter((name) => name.endsWith('.tgz'));
  if (tarballs.length !== 1) throw new Error(`npm pack wrote ${tarballs.length} tarballs in ${dir}`);
  return join(dir, tarballs[0]!);
}

/** A new ESM project in `dir` with `specs` (a tarball path, `name@version`) installed. */
export async function installProject(dir: string, specs: string[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'sftpgo-client-consumer', version: '0.0.0', private: true, type: 'module' }, null, 2),
  );
  const env = cleanNpmEnv();
  const flags = ['--no-audit', '--no-fund', '--no-package-lock'];
  let install = await run(NPM, ['install', '--offline', ...flags, ...specs], dir, env);
  if (install.code !== 0) {
    console.warn(`${describeRun('npm install --offline', install)}\nretrying with --prefer-offline`);
    install = await run(NPM, ['install', '--prefer-offline', ...flags, ...specs], dir, env);
  }
  expectSuccess(`npm install ${specs.join(' ')}`, install);
}

/** The path of an installed bin of the project. */
export function binOf(project: string, name: string): string {
  return join(project, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
}

/**
 * A consumer's strictest settings: strict, exactOptionalPropertyTypes,
 * NodeNext, no Node types, and the package's own declarations checked too.
 */
export function strictTsconfig(files: string[], extra: Record<string, unknown> = {}): string {
  const compilerOptions = {
    target: 'ES2022',
    lib: ['ES2022', 'DOM'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    types: [],
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: false,
    ...extra,
  };
  return JSON.stringify({ compilerOptions, files }, null, 2);
}
