/**
 * Fails when a committed generated/ folder differs from what its spec produces,
 * so nobody edits generated code by hand or forgets to regenerate (issue 2).
 *
 *   tsx scripts/check-generated.ts
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { generate } from './generate.ts';

/** Each spec and the folder its generated code is committed in. */
const TARGETS = [
  { spec: 'openapi.yaml', out: 'generated' },
  { spec: 'test/fixtures/sftpgo-like.yaml', out: 'test/fixtures/generated' },
];

let stale = 0;
for (const { spec, out } of TARGETS) {
  const files = await generate(resolve(spec));
  for (const [name, expected] of Object.entries(files)) {
    const path = `${out}/${name}`;
    const actual = await readFile(resolve(path), 'utf8').catch(() => undefined);
    if (actual !== expected) {
      stale++;
      console.error(`sftpgo-client: ${path} is ${actual === undefined ? 'missing' : 'stale'}; run \`npm run generate\``);
    }
  }
}
if (stale) process.exit(1);
console.error(`sftpgo-client: generated code matches ${TARGETS.map((t) => t.spec).join(' and ')}`);
