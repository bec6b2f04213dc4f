import { SftpgoError } from './sftpgo-error.js';

/**
 * The server answered, but not as SFTPGo does: a 2xx body that is not JSON, a
 * token without a usable `access_token` or a future `expires_at`, a redirect to
 * another origin. Nothing from such an answer is ever cached.
 */
export class SftpgoProtocolError extends SftpgoError {
  override name = 'SftpgoProtocolError' as const;
  readonly method: string;
  readonly path: string;

  constructor(init: { method: string; path: string; problem: string; cause?: unknown }) {
    super(`${init.method} ${init.path}: ${init.problem}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.method = init.method;
    this.path = init.path;
  }
}
