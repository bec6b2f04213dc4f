import type { ProgressReporter } from './create-progress-reporter.js';
import { countingStream } from './counting-stream.js';

/**
 * The answer with a body that tells `reporter` each chunk as the reader takes
 * it: counted as consumed, not as received (issue 17). The total is
 * `Content-Length`, unless the body is compressed (fetch then hands over more
 * bytes than the header says) or has none.
 */
export function countDownload(response: Response, reporter: ProgressReporter): Response {
  if (!response.body) return response;
  const length = Number(response.headers.get('content-length'));
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  reporter.start(Number.isFinite(length) && !encoded ? length : 0);
  const counted = response.body.pipeThrough(countingStream(reporter));
  return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
}
