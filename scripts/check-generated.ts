/**
 * Fails when a committed generated/ folder differs from what its spec produces,
 * so nobody edits generated code by hand or forgets to regenerate (issue 2).
 *
 *   tsx scripts/check-generated.ts
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { generate } from '../src/generate/generate.ts';
import { TARGETS } from './generated-targets.ts';

let stale = 0;
for (const target of TARGETS) {
  const files = await generate(target);
  for (const [name, expected] of Object.entries(files)) {
    const path = `${target.out}/${name}`;
    const actual = await readFile(resolve(path), 'utf8').catch(() => undefined);
    if (actual !== expected) {
      stale++;
      console.error(`sftpgo-client: ${path} is ${actual === undefined ? 'missing' : 'stale'}; run \`npm run generate\``);
    }
  }
}
if (stale) process.exit(1);
console.error(`sftpgo-client: generated code matches ${TARGETS.map((t) => t.spec).join(' and ')}`);
