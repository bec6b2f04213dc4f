import { SftpgoProgressError } from '../errors/sftpgo-progress-error.js';
import { createProgressReporter, type ProgressReporter } from '../progress/create-progress-reporter.js';
import { uploadSize } from '../progress/upload-size.js';

export interface CallProgress {
  /** The call's options without the callbacks, with a signal that also aborts when a callback throws. */
  options: Record<string, any> | undefined;
  upload?: { reporter: ProgressReporter; size: number };
  download?: ProgressReporter;
  /** The call settled: no more events (a streamed answer keeps its download events until it ends). */
  close(streamed: boolean): void;
}

/**
 * The progress side of one call (issue 17). A callback that throws aborts the
 * call's transfer with `SftpgoProgressError`, carrying what it threw; the
 * caller's own signal still aborts as before.
 */
const noop = () => {};

export function callProgress(options: Record<string, any> | undefined): CallProgress {
  // Most calls listen to neither: answered without copying their options.
  if (options?.onUploadProgress === undefined && options?.onDownloadProgress === undefined) return { options, close: noop };
  const { onUploadProgress, onDownloadProgress, ...rest } = options;
  const controller = new AbortController();
  const callerSignal = rest.signal as AbortSignal | undefined;
  if (callerSignal?.aborted) controller.abort(callerSignal.reason);
  else callerSignal?.addEventListener('abort', () => controller.abort(callerSignal.reason), { once: true });
  const failWith = (direction: 'upload' | 'download') => (cause: unknown) =>
    controller.abort(new SftpgoProgressError({ direction, cause }));
  const upload =
    typeof onUploadProgress === 'function' && rest.body !== undefined
      ? { reporter: createProgressReporter(onUploadProgress, failWith('upload')), size: uploadSize(rest.body) }
      : undefined;
  const download = typeof onDownloadProgress === 'function' ? createProgressReporter(onDownloadProgress, failWith('download')) : undefined;
  return {
    options: { ...rest, signal: controller.signal },
    ...(upload ? { upload } : {}),
    ...(download ? { download } : {}),
    close(streamed) {
      upload?.reporter.close();
      if (!streamed) download?.close();
    },
  };
}
