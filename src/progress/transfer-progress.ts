/**
 * How far a transfer is, the shape ky uses.
 *
 * @example
 * onUploadProgress: ({ percent, transferredBytes }) => bar.update(percent, { transferredBytes })
 */
export interface TransferProgress {
  /** 0 to 1; 0 until the end when the total is not known. */
  percent: number;
  transferredBytes: number;
  /** 0 when the length is not known (a stream, FormData, a compressed or chunked answer). */
  totalBytes: number;
  /** Set on the first event of an upload sent again (a retry, or the replay after a 401): the count starts over. */
  restarted?: true;
}

export type ProgressCallback = (progress: TransferProgress) => void;

/**
 * Per-call options for long transfers (issue 17), accepted by every call.
 *
 * @example
 * await sftpgo.POST('/user/files/upload', { params: { query: { path } }, body, onUploadProgress: (p) => log(p.percent) });
 */
export interface TransferOptions {
  /** Told as the request body is handed to the connection. In a browser: at the start and at the end only (see README). */
  onUploadProgress?: ProgressCallback;
  /** Told as the answer's body is read. */
  onDownloadProgress?: ProgressCallback;
}
