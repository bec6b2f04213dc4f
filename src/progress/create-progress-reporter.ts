import type { ProgressCallback, TransferProgress } from './transfer-progress.js';

// Between the first and the last event: at most one a chunk, and only after
// a hundredth of the total (or 1 MiB when the total is unknown) or 100 ms, so
// a 1 GiB transfer calls back about a hundred times, not sixteen thousand.
const STEP_FRACTION = 0.01;
const STEP_UNKNOWN_BYTES = 1024 * 1024;
const STEP_MS = 100;

export interface ProgressReporter {
  /** A transfer (or a new attempt of it) starts: an event at 0. */
  start(totalBytes: number): void;
  /** `bytes` more were handed over (upload) or read (download). */
  add(bytes: number): void;
  /** The last byte went: the final event. */
  finish(): void;
  /** The call settled: no event from now on. */
  close(): void;
}

/**
 * Turns byte counts into the events a caller sees: the first at 0, the last
 * at the final count (percent 1), monotonic, throttled, none after `close`.
 * A callback that throws is handed to `fail` once, which aborts the call.
 */
export function createProgressReporter(callback: ProgressCallback, fail: (error: unknown) => void): ProgressReporter {
  let total = 0;
  let transferred = 0;
  let lastBytes = 0;
  let lastAt = 0;
  let starts = 0;
  let state: 'idle' | 'running' | 'finished' | 'closed' = 'idle';

  function emit(progress: TransferProgress): void {
    lastBytes = progress.transferredBytes;
    lastAt = Date.now();
    try {
      callback(progress);
    } catch (error) {
      state = 'closed';
      fail(error);
    }
  }
  const percent = () => (total > 0 ? Math.min(transferred / total, 1) : 0);

  return {
    start(totalBytes) {
      if (state === 'closed') return;
      total = totalBytes > 0 ? totalBytes : 0;
      transferred = 0;
      state = 'running';
      emit({ percent: 0, transferredBytes: 0, totalBytes: total, ...(starts++ > 0 ? { restarted: true as const } : {}) });
    },
    add(bytes) {
      if (state !== 'running' || bytes <= 0) return;
      transferred += bytes;
      const step = total > 0 ? total * STEP_FRACTION : STEP_UNKNOWN_BYTES;
      if (transferred - lastBytes >= step || Date.now() - lastAt >= STEP_MS) {
        if (total === 0 || transferred < total) emit({ percent: percent(), transferredBytes: transferred, totalBytes: total });
      }
    },
    finish() {
      if (state !== 'running') return;
      state = 'finished';
      emit({ percent: 1, transferredBytes: transferred, totalBytes: total });
    },
    close() {
      state = 'closed';
    },
  };
}
