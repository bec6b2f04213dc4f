import { SftpgoNetworkError } from './sftpgo-network-error.js';
import { SftpgoProtocolError } from './sftpgo-protocol-error.js';
import { SftpgoTimeoutError } from './sftpgo-timeout-error.js';
import { type RetryPolicy, retryDelay } from './retry-delay.js';
import { sleep } from './sleep.js';

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']);
const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const MAX_REDIRECTS = 5;

export type Transport = (request: Request) => Promise<Response>;

/**
 * The fetch every request goes through: one timeout per attempt, safe retries,
 * and no credentials carried to another origin by a redirect (issue 4).
 * `describe` names a request by its path template for error messages.
 */
export function createTransport(init: {
  fetch: (request: Request) => Promise<Response>;
  timeoutMs: number;
  retry: RetryPolicy | false;
  describe: (request: Request) => { method: string; path: string };
}): Transport {
  const limit = init.retry ? init.retry.limit : 0;

  async function attempt(request: Request, where: { method: string; path: string }): Promise<Response> {
    const controller = new AbortController();
    const timedOut = new SftpgoTimeoutError({ timeoutMs: init.timeoutMs, ...where });
    const timer = setTimeout(() => controller.abort(timedOut), init.timeoutMs);
    const onAbort = () => controller.abort(request.signal.reason);
    request.signal.addEventListener('abort', onAbort, { once: true });
    try {
      // `manual`: a redirect is looked at before anything is sent to where it points.
      return await init.fetch(new Request(request, { signal: controller.signal, redirect: 'manual' }));
    } catch (error) {
      if (request.signal.aborted) throw request.signal.reason;
      if (controller.signal.reason === timedOut) throw timedOut;
      throw new SftpgoNetworkError({ ...where, cause: error });
    } finally {
      clearTimeout(timer);
      request.signal.removeEventListener('abort', onAbort);
    }
  }

  /** Same-origin redirects of GET and HEAD are followed; any other is refused. */
  async function follow(request: Request, where: { method: string; path: string }): Promise<Response> {
    let current = request;
    for (let hops = 0; ; hops++) {
      const response = await attempt(current, where);
      const isRedirect = response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400 && response.headers.has('location'));
      if (!isRedirect) return response;
      const location = response.headers.get('location');
      const target = location ? new URL(location, current.url) : undefined;
      if (!target || target.origin !== new URL(current.url).origin) {
        throw new SftpgoProtocolError({ ...where, problem: 'the server redirected to another origin; not followed, so no credentials leave the configured server' });
      }
      if (!(current.method === 'GET' || current.method === 'HEAD') || hops >= MAX_REDIRECTS) return response;
      await response.body?.cancel();
      current = new Request(target, { method: current.method, headers: current.headers, signal: current.signal });
    }
  }

  return async function transport(request) {
    const where = init.describe(request);
    const idempotent = IDEMPOTENT.has(request.method);
    // A server that saw a one-time code has spent it: a second attempt would be
    // rejected, so token requests carrying one are retried only where the code
    // cannot have been seen (issue 4).
    const carriesCode = request.headers.has('x-sftpgo-otp');
    for (let retry = 0; ; retry++) {
      const last = retry >= limit || !init.retry;
      try {
        const response = await follow(last ? request : request.clone(), where);
        // SFTPGo's rate limiter answers 429 before looking at the request, so
        // even a POST or a code is safe to send again.
        const retryable = response.status === 429 || (RETRY_STATUSES.has(response.status) && idempotent && !carriesCode);
        if (last || !retryable) return response;
        const wait = retryDelay(init.retry as RetryPolicy, retry, response);
        if (wait === undefined) return response;
        await response.body?.cancel();
        await sleep(wait, request.signal);
      } catch (error) {
        const refused = error instanceof SftpgoNetworkError && networkCode(error) === 'ECONNREFUSED';
        const retryable = error instanceof SftpgoNetworkError && idempotent && (!carriesCode || refused);
        if (last || !retryable) throw error;
        await sleep(retryDelay(init.retry as RetryPolicy, retry)!, request.signal);
      }
    }
  };
}

function networkCode(error: SftpgoNetworkError): unknown {
  return (error.cause as { cause?: { code?: unknown } })?.cause?.code;
}
