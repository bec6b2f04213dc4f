import { SftpgoError } from './sftpgo-error.js';

/** One request attempt took longer than `timeoutMs`. */
export class SftpgoTimeoutError extends SftpgoError {
  override name = 'SftpgoTimeoutError' as const;
  readonly timeoutMs: number;
  readonly method: string;
  readonly path: string;

  constructor(init: { timeoutMs: number; method: string; path: string }) {
    super(`${init.method} ${init.path} timed out after ${init.timeoutMs} ms`);
    this.timeoutMs = init.timeoutMs;
    this.method = init.method;
    this.path = init.path;
  }
}
