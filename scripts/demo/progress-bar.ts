// The demo's progress display for one transfer: a bar redrawn in place on a
// terminal, a line every quarter otherwise (a log, CI). On stdout, with the
// rest of the demo's record of what was sent.
import type { ProgressCallback } from '../../src/index.js';

const WIDTH = 30;
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

export function progressBar(label: string, stream: { write(text: string): unknown; isTTY?: boolean } = process.stdout): ProgressCallback {
  let nextQuarter = 0;
  return ({ percent, transferredBytes, totalBytes }) => {
    const of = totalBytes ? `${mib(transferredBytes)}/${mib(totalBytes)} MiB` : `${mib(transferredBytes)} MiB`;
    if (stream.isTTY) {
      const filled = Math.round(percent * WIDTH);
      stream.write(`\r   ${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${(percent * 100).toFixed(0).padStart(3)}% ${of}\x1b[K`);
      if (percent >= 1) stream.write('\n');
      return;
    }
    if (percent * 4 >= nextQuarter) {
      stream.write(`   ${label} ${(percent * 100).toFixed(0)}% ${of}\n`);
      nextQuarter = Math.floor(percent * 4) + 1;
    }
  };
}
