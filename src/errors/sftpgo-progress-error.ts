import { SftpgoError } from './sftpgo-error.js';

/**
 * An `onUploadProgress` or `onDownloadProgress` callback threw: the transfer
 * was aborted and the call rejects with this, the callback's error as `cause`
 * (issue 17).
 */
export class SftpgoProgressError extends SftpgoError {
  override name = 'SftpgoProgressError' as const;
  readonly direction: 'upload' | 'download';

  constructor(init: { direction: 'upload' | 'download'; cause: unknown }) {
    super(`the ${init.direction} progress callback threw; the transfer was aborted`, { cause: init.cause });
    this.direction = init.direction;
  }
}
