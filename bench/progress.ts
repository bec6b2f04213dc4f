/**
 * A one-line progress indicator on stderr, drawn only when stderr is a terminal
 * (CI logs and redirected output get nothing).
 */
export interface Progress {
  update(done: number, total: number): void;
  done(): void;
}

export function progress(label: string): Progress {
  if (!process.stderr.isTTY) return { update() {}, done() {} };
  let last = 0;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
      process.stderr.write(`\r\x1b[K${label}: ${pct}% (${done}/${total})`);
    },
    done() {
      process.stderr.write('\r\x1b[K');
    },
  };
}

/** A status line for a phase, on a terminal only. */
export function note(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}\n`);
}
