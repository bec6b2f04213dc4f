/**
 * Removes dist/ before a build, so no file of an earlier build (a module since
 * renamed or deleted) ends up in the package. Cross-platform: no `rm -rf`.
 *
 *   tsx scripts/clean-dist.ts
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
rmSync(dist, { recursive: true, force: true });
