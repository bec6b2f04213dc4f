// `sftpgo-client generate`, in process (the installed bin is tested in
// package-generate.test.ts): what it refuses, and that a refusal leaves the
// output folder as it was (issue 10).
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/sftpgo-client.js';

const FIXTURE = new URL('../fixtures/sftpgo-like.yaml', import.meta.url);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sftpgo-client-generate-command-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function generate(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

async function spec(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

const minimal = (extra = '') => `openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /version:
    get:
      responses:
        '200': { description: ok${extra} }
`;

describe('sftpgo-client generate refuses what it cannot use, and writes nothing', () => {
  it.each([
    ['Swagger 2', 'swagger: "2.0"\ninfo: { title: t, version: "1" }\npaths: {}\n', /is not OpenAPI 3\.0 or 3\.1 \(openapi: swagger 2\.0\)/],
    ['OpenAPI 3.2', minimal().replace('3.0.3', '3.2.0'), /is not OpenAPI 3\.0 or 3\.1 \(openapi: 3\.2\.0\)/],
    ['no paths', "openapi: 3.1.0\ninfo: { title: t, version: '1' }\n", /has no paths/],
    ['a remote $ref', minimal(", content: { application/json: { schema: { $ref: 'https://example.com/schemas.yaml#/Version' } } }"), /has a remote \$ref \(https:\/\/example\.com\/schemas\.yaml#\/Version\)/],
    ['a $ref to another file', minimal(", content: { application/json: { schema: { $ref: './other.yaml#/Version' } } }"), /has a remote \$ref/],
    ['text that is not YAML', 'openapi: [3.0.3\n', /is neither YAML nor JSON/],
    ['an undefined security scheme', minimal().replace('    get:\n', '    get:\n      security: [{ Nope: [] }]\n'), /GET \/version names undefined security scheme Nope/],
  ])('%s: exit 1, a message naming the problem, the output folder untouched', async (name, text, message) => {
    const out = join(dir, `out-${name.replace(/\W+/g, '-')}`);
    const result = await generate('generate', '--spec', await spec(`${name.replace(/\W+/g, '-')}.yaml`, text), '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^sftpgo-client: generate: /);
    expect(result.stderr).toMatch(message);
    await expect(readdir(out)).rejects.toThrow();
  });

  it('a file that is not there: exit 1', async () => {
    const result = await generate('generate', '--spec', join(dir, 'missing.yaml'), '--out', join(dir, 'x'));
    expect([result.code, result.stderr]).toEqual([1, expect.stringContaining('cannot read')]);
  });

  it('an earlier output stays whole when a later run fails', async () => {
    const out = join(dir, 'kept');
    expect((await generate('generate', '-i', FIXTURE.pathname, '-o', out)).code).toBe(0);
    const before = await readFile(join(out, 'security.js'), 'utf8');
    const failed = await generate('generate', '-i', await spec('broken.yaml', 'swagger: "2.0"\npaths: {}\n'), '-o', out);
    expect(failed.code).toBe(1);
    expect(await readFile(join(out, 'security.js'), 'utf8')).toBe(before);
    expect((await readdir(out)).sort()).toEqual(['index.d.ts', 'index.js', 'openapi.d.ts', 'security.d.ts', 'security.js']);
    expect((await readdir(dir)).filter((name) => name.startsWith('.sftpgo-client-generate-'))).toEqual([]);
  });
});

describe('sftpgo-client usage', () => {
  it('--help lists the options and what generate needs; usage errors exit 2', async () => {
    const help = await generate('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/-i, --spec FILE\|URL/);
    expect(help.stdout).toMatch(/-o, --out DIR/);
    expect(help.stdout).toContain('openapi-typescript@7 typescript@5 yaml@2');
    for (const argv of [[], ['generate'], ['generate', '--spec', 'a.yaml'], ['frobnicate'], ['generate', '--nope']]) {
      const result = await generate(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toContain('Run sftpgo-client --help');
    }
  });

  it('--no-factory writes only the types and the map', async () => {
    const out = join(dir, 'types-only');
    expect((await generate('generate', '-i', FIXTURE.pathname, '-o', out, '--no-factory')).code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['openapi.d.ts', 'security.d.ts', 'security.js']);
    expect(await readFile(join(out, 'security.js'), 'utf8')).toContain(`--out ${out} --no-factory`);
  });
});
