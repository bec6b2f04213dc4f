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
    super(`${init.method} ${init.path}: ${init.problem}`, init.cause === undefined ? undefined : { cause: redact(init.cause) });
    this.method = init.method;
    this.path = init.path;
  }
}

/**
 * JSON.parse's message quotes the body around the bad character (`Unexpected
 * token 'x', ..."token":"eyJ"... is not valid JSON`), and a token answer's body
 * holds a token: keep what went wrong and where, never the quoted text (issue 4).
 */
function redact(cause: unknown): unknown {
  if (!(cause instanceof SyntaxError)) return cause;
  const message = cause.message.replace(/^(Unexpected token '.?.?'), .* is not valid JSON$/s, '$1 in a body that is not valid JSON');
  const safe = new SyntaxError(message.includes('"') ? 'the body is not valid JSON' : message);
  // The original frames, without the original first line (it is the message).
  const frames = cause.stack?.indexOf('\n    at ') ?? -1;
  if (frames >= 0) safe.stack = `SyntaxError: ${safe.message}${cause.stack!.slice(frames)}`;
  return safe;
}
