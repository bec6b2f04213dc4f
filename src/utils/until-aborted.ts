/**
 * Waits for a promise other callers share (the realm's token request), but
 * lets this caller leave as soon as its own signal aborts: the shared request
 * goes on for the others (issue 4, "a caller's signal aborts immediately").
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
