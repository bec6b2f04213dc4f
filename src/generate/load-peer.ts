import { SftpgoGenerateError } from '../errors/sftpgo-generate-error.js';

/**
 * What `generate` needs at run time and only then: openapi-typescript (with
 * its peer typescript) and yaml. They are optional peer dependencies, so an
 * install that never generates stays lean (issue 10); a missing one gets a
 * message saying what to install.
 */
export const GENERATE_PEERS = 'openapi-typescript@7 typescript@5 yaml@2';

export async function loadPeer<T>(name: 'openapi-typescript' | 'yaml' | 'typescript'): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      // openapi-typescript may be there without its own peer, typescript: name the one missing.
      const missing = /Cannot find (?:package|module) '([^']+)'/.exec((error as Error).message)?.[1] ?? name;
      throw new SftpgoGenerateError(`needs ${missing}, which is not installed; run: npm install --save-dev ${GENERATE_PEERS}`);
    }
    throw error;
  }
}
