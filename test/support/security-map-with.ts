import type { SecurityMap } from '../../src/index.js';
import { securityMap } from '../../generated/security.js';

/**
 * The package's own map plus operations of a made-up spec, each with SFTPGo's
 * default security (Bearer or API key): the client refuses operations its map
 * does not know, so tests that call `/things` must say what `/things` takes.
 */
export function securityMapWith(...keys: string[]): SecurityMap {
  const extra = Object.fromEntries(keys.map((key) => [key, { realm: 'admin' as const, security: [['BearerAuth'], ['APIKeyAuth']] }]));
  return { ...securityMap, operations: { ...securityMap.operations, ...extra } };
}
