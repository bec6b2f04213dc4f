import type { ProgressReporter } from './create-progress-reporter.js';

/** A pass-through stream that tells `reporter` each chunk as the next reader takes it, and the end. */
export function countingStream(reporter: ProgressReporter): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      controller.enqueue(chunk);
      reporter.add(chunk.byteLength);
    },
    flush() {
      reporter.finish();
    },
  });
}
