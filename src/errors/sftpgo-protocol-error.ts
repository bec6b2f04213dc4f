import { SftpgoError } from './sftpgo-error.js';

/**
 * The server answered, but not as SFTPGo does: a 2xx body that is not JSON, a
 * token without a usable `access_token` or a future `expires_at`, a redirect to
 * another origin. Nothing from such an answer is ever cached. It carries no
 * cause: JSON.parse's message quotes the body, which may hold a token (issue 4).
 */
export class SftpgoProtocolError extends SftpgoError {
  override name = 'SftpgoProtocolError' as const;
  readonly method: string;
  readonly path: string;

  constructor(init: { method: string; path: string; problem: string }) {
    super(`${init.method} ${init.path}: ${init.problem}`);
    this.method = init.method;
    this.path = init.path;
  }
}
