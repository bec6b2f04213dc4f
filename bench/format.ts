/** Number formatting shared by the table, RESULTS.md and the chart. */
export const latency = (ms: number): string => (ms < 1 ? `${Math.round(ms * 1000)} µs` : `${ms.toFixed(2)} ms`);
export const integer = (n: number): string => Math.round(n).toLocaleString('en-US');
export const bytes = (n: number): string => `${integer(n)} B`;
export const ratio = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '–');
export const millis = (ms: number): string => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : '–');
export const signedMillis = (ms: number): string => (Number.isFinite(ms) ? `${ms >= 0 ? '+' : ''}${ms.toFixed(1)} ms` : '–');
/** Milliseconds as seconds: `1 s`, `0.5 s`. */
export const seconds = (ms: number): string => `${+(ms / 1000).toFixed(3)} s`;
export const micros = (us: number): string => `${us.toFixed(1)} µs`;
export const mib = (n: number): string => `${n.toFixed(1)} MiB`;
export const signedMib = (n: number): string => `${n >= 0 ? '+' : ''}${n.toFixed(1)} MiB`;
export const mibPerSecond = (n: number): string => `${integer(n)} MiB/s`;
/** A transfer's size: whole GiB or MiB. */
export const size = (bytes: number): string => (bytes >= 1024 ** 3 ? `${+(bytes / 1024 ** 3).toFixed(2)} GiB` : `${+(bytes / 1024 ** 2).toFixed(2)} MiB`);
