/**
 * Makes every file named in package.json's `bin` executable after a build (tsc
 * writes 0644), so `./dist/src/cli/sftpgo-token.js` runs from a checkout too; npm sets the
 * bit itself when it installs the package. Fails when a bin file is missing or
 * lacks its shebang: the package would install a command that cannot run.
 *
 *   tsx scripts/chmod-bin.ts
 */
import { chmodSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  name: string;
  bin?: string | Record<string, string>;
};
const bins = typeof pkg.bin === 'string' ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {});

for (const [name, target] of Object.entries(bins)) {
  const file = fileURLToPath(new URL(target, root));
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`bin "${name}": ${target} was not built (is its source missing from src/?)`);
  }
  if (!text.startsWith('#!')) throw new Error(`bin "${name}": ${target} does not start with a shebang (#!/usr/bin/env node)`);
  chmodSync(file, 0o755);
}
