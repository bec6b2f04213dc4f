/**
 * Copies generated/ (plain .js and .d.ts, which tsc does not emit) into
 * dist/generated/, where the built src/ imports it from.
 *
 *   tsx scripts/copy-generated.ts
 */
import { cpSync } from 'node:fs';

cpSync(new URL('../generated/', import.meta.url), new URL('../dist/generated/', import.meta.url), { recursive: true });
