import { readFileSync } from 'node:fs';

/**
 * The package's version, from package.json: two levels up from src/cli/ (run
 * with tsx), three from dist/src/cli/ (built).
 */
export function readVersion(): string {
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      const json = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
      if (json.name === 'sftpgo-client' && typeof json.version === 'string') return json.version;
    } catch {
      // not there: try the next
    }
  }
  return 'unknown';
}
