import { SftpgoError } from './sftpgo-error.js';

/** The request got no HTTP answer: refused, reset, DNS failure, TLS failure. */
export class SftpgoNetworkError extends SftpgoError {
  override name = 'SftpgoNetworkError' as const;
  readonly method: string;
  readonly path: string;

  constructor(init: { method: string; path: string; cause: unknown }) {
    super(`${init.method} ${init.path} failed: ${describe(init.cause)}`, { cause: init.cause });
    this.method = init.method;
    this.path = init.path;
  }
}

function describe(cause: unknown): string {
  // undici puts the useful part (ECONNRESET, ECONNREFUSED) in `cause.cause.code`.
  const inner = (cause as { cause?: { code?: unknown } })?.cause;
  if (inner && typeof inner.code === 'string') return inner.code;
  return cause instanceof Error ? cause.message : 'network error';
}
