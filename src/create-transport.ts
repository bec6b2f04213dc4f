import { SftpgoNetworkError } from './sftpgo-network-error.js';
import { SftpgoProtocolError } from './sftpgo-protocol-error.js';
import { SftpgoTimeoutError } from './sftpgo-timeout-error.js';
import { type RetryPolicy, retryDelay } from './retry-delay.js';
import { sleep } from './sleep.js';

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']);
const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const MAX_REDIRECTS = 5;
// Statuses whose Response must have a null body; below 200 (an opaque redirect's 0) is passed on as is too.
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

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

  /**
   * One attempt. It lasts until its body is read: the caller's signal aborts it
   * at any point, even before it starts, and `timeoutMs` bounds the wait for the
   * headers (from this attempt's start) and then each wait for more of the body,
   * so a long download that keeps coming is not cut off but a stalled one is.
   * Failures while reading the body are typed like failures before it.
   */
  async function attempt(request: Request, where: { method: string; path: string }): Promise<Response> {
    if (request.signal.aborted) throw request.signal.reason;
    const controller = new AbortController();
    const timedOut = new SftpgoTimeoutError({ timeoutMs: init.timeoutMs, ...where });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      timer = setTimeout(() => controller.abort(timedOut), init.timeoutMs);
    };
    const disarm = () => clearTimeout(timer);
    const onAbort = () => controller.abort(request.signal.reason);
    // `manual`: a redirect is looked at before anything is sent to where it points.
    let sent: Request | undefined = new Request(request, { signal: controller.signal, redirect: 'manual' });
    const release = () => {
      disarm();
      request.signal.removeEventListener('abort', onAbort);
      // Node 20's fetch links `sent`'s signal to `controller` through a WeakRef:
      // were `sent` collected mid-attempt, neither the timeout nor the caller's
      // abort would reach the request. Held until the attempt ends.
      sent = undefined;
    };
    const typed = (error: unknown): unknown => {
      if (request.signal.aborted) return request.signal.reason;
      if (controller.signal.reason === timedOut) return timedOut;
      return new SftpgoNetworkError({ ...where, cause: error });
    };
    request.signal.addEventListener('abort', onAbort, { once: true });
    arm();
    let response: Response;
    try {
      response = await init.fetch(sent);
    } catch (error) {
      release();
      throw typed(error);
    }
    disarm();
    if (!response.body || response.status < 200 || NULL_BODY_STATUSES.has(response.status)) {
      release();
      return response;
    }
    const reader = response.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(out) {
        arm();
        try {
          const { done, value } = await reader.read();
          if (done) {
            release();
            out.close();
          } else {
            out.enqueue(value);
          }
        } catch (error) {
          release();
          out.error(typed(error));
        } finally {
          disarm();
        }
      },
      cancel(reason) {
        release();
        return reader.cancel(reason);
      },
    });
    const watched = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    // What the Response constructor cannot set, as fetch gave it.
    Object.defineProperties(watched, {
      url: { value: response.url },
      redirected: { value: response.redirected },
      type: { value: response.type },
    });
    return watched;
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
        await response.body?.cancel();
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
        // A refused connection reached nobody: safe to send again whatever the method or code.
        const retryable = error instanceof SftpgoNetworkError && (refused || (idempotent && !carriesCode));
        if (last || !retryable) throw error;
        await sleep(retryDelay(init.retry as RetryPolicy, retry)!, request.signal);
      }
    }
  };
}

function networkCode(error: SftpgoNetworkError): unknown {
  return (error.cause as { cause?: { code?: unknown } })?.cause?.code;
}
