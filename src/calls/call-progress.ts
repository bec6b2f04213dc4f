import { SftpgoProgressError } from '../errors/sftpgo-progress-error.js';
import { createProgressReporter, type ProgressReporter } from '../progress/create-progress-reporter.js';
import { uploadSize } from '../progress/upload-size.js';

export interface CallProgress {
  /** The call's options without the callbacks. */
  options: Record<string, any> | undefined;
  upload?: { reporter: ProgressReporter; size: number };
  download?: ProgressReporter;
  /** The call settled: no more events (a streamed answer keeps its download events until it ends). */
  close(streamed: boolean): void;
}

const noop = () => {};

/**
 * The progress side of one call (issue 17). A callback that throws aborts the
 * call (`abort`) with `SftpgoProgressError`, carrying what it threw.
 */
export function callProgress(options: Record<string, any> | undefined, abort: (reason: unknown) => void): CallProgress {
  // Most calls listen to neither: answered without copying their options.
  if (options?.onUploadProgress === undefined && options?.onDownloadProgress === undefined) return { options, close: noop };
  const { onUploadProgress, onDownloadProgress, ...rest } = options;
  const failWith = (direction: 'upload' | 'download') => (cause: unknown) => abort(new SftpgoProgressError({ direction, cause }));
  const upload =
    typeof onUploadProgress === 'function' && rest.body !== undefined
      ? { reporter: createProgressReporter(onUploadProgress, failWith('upload')), size: uploadSize(rest.body) }
      : undefined;
  const download = typeof onDownloadProgress === 'function' ? createProgressReporter(onDownloadProgress, failWith('download')) : undefined;
  return {
    options: rest,
    ...(upload ? { upload } : {}),
    ...(download ? { download } : {}),
    close(streamed) {
      upload?.reporter.close();
      if (!streamed) download?.close();
    },
  };
}
