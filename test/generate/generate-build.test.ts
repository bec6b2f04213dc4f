// src/ works with any SFTPGo spec (issue 10): generated/ made from the
// fixture shaped like SFTPGo's complete document (Token and ApiResponse with
// no required field, binary and multipart bodies, ...) in place of the
// package's own, and src/ still compiles under the build's settings.
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { generate } from '../../src/generate/generate.js';
import { writeFiles } from '../../src/generate/write-files.js';
import { ROOT, run, TSC } from '../support/packed-package.js';

let dir: string | undefined;
afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

it('src/ builds on generated/ regenerated from a spec shaped like upstream', async () => {
  dir = await mkdtemp(join(tmpdir(), 'sftpgo-client-any-spec-build-'));
  await cp(join(ROOT, 'src'), join(dir, 'src'), { recursive: true });
  await writeFiles(join(dir, 'generated'), await generate({ spec: join(ROOT, 'test/fixtures/sftpgo-like.yaml'), out: 'generated', factory: false }));
  // The upstream shape really is in there: nothing the client relies on is required.
  expect(await readFile(join(dir, 'generated/openapi.d.ts'), 'utf8')).toMatch(/Token: \{\s+access_token\?: string;/);
  const base = JSON.parse((await readFile(join(ROOT, 'tsconfig.json'), 'utf8')).replace(/^\s*\/\/.*$/gm, '')) as { compilerOptions: object };
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { ...base.compilerOptions, noEmit: false, allowImportingTsExtensions: false, outDir: 'dist', declaration: true }, include: ['src', 'generated'] }),
  );
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'sftpgo-client', type: 'module' }));
  // openapi-fetch and the Node types from this checkout.
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const result = await run(process.execPath, [TSC, '-p', 'tsconfig.json'], dir);
  expect(result.stdout + result.stderr).toBe('');
  expect(result.code).toBe(0);
}, 120_000);
