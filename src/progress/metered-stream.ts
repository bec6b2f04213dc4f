import type { ProgressReporter } from './create-progress-reporter.js';

const PIECE_BYTES = 64 * 1024;

/**
 * `source` as a stream that hands on at most 64 KiB a read, only when the
 * next reader asks, and tells `reporter` each piece as it goes: an upload's
 * bytes are counted as the connection takes them, not as the source is read
 * ahead (issue 17). A Blob or Uint8Array body arrives as one chunk of its
 * whole size, which would report 0 then 100%.
 */
export function meteredStream(source: ReadableStream<Uint8Array>, reporter: ProgressReporter): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let chunk: Uint8Array | undefined;
  let at = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!chunk || at >= chunk.byteLength) {
          const next = await reader.read();
          if (next.done) {
            reporter.finish();
            controller.close();
            return;
          }
          chunk = next.value;
          at = 0;
        }
        const piece = chunk.subarray(at, at + PIECE_BYTES);
        at += piece.byteLength;
        controller.enqueue(piece);
        reporter.add(piece.byteLength);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}
