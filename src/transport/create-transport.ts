import { SftpgoNetworkError } from '../errors/sftpgo-network-error.js';
import { SftpgoProtocolError } from '../errors/sftpgo-protocol-error.js';
import { SftpgoTimeoutError } from '../errors/sftpgo-timeout-error.js';
import { type RetryPolicy, retryDelay } from './retry-delay.js';
import { sleep } from '../utils/sleep.js';
import { meteredStream } from '../progress/metered-stream.js';
import type { ProgressReporter } from '../progress/create-progress-reporter.js';

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']);
const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const MAX_REDIRECTS = 5;
const CODE_WAIT_LIMIT_MS = 20_000;
// Statuses whose Response has a null body; below 200 (an opaque redirect's 0) too.
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/**
 * What the call a request belongs to says about it, for how each attempt
 * sends it (issues 11 and 17). One record per request, looked up once.
 */
export interface BodyInfo {
  /** The controller of the call the request belongs to, which the request's signal follows. */
  owner: AbortController | undefined;
  /** A Blob body: each attempt reads it again rather than copy it (issue 11). */
  blob: Blob | undefined;
  /** The caller listens to upload progress, with the body's size (0: unknown) (issue 17). */
  upload: { reporter: ProgressReporter; size: number } | undefined;
  /** A stream body: sent once, never retried, never copied (issue 11). */
  oneShot: boolean;
  /** The answer is read as a stream (`parseAs: 'stream'`): in Node, node:http holds less of it than fetch. */
  streamedAnswer: boolean;
}
const NO_BODY: BodyInfo = { owner: undefined, blob: undefined, upload: undefined, oneShot: false, streamedAnswer: false };

/** The fetch every request goes through, and what ends an answer's watch. */
export interface Transport {
  (request: Request): Promise<Response>;
  /**
   * The answer's body was read, dropped, or handed over as a stream: stop its
   * timeout. A stream keeps the caller's signal; anything else lets go of it.
   */
  settle(response: Response, handedOver?: 'stream'): void;
}

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
  /** Before a retry, after its wait: bring the request's credentials up to date (a token may have expired meanwhile). */
  beforeRetry?: (request: Request) => Promise<void>;
  /** What the call wrapper recorded about a request; none for a request sent outside a call. */
  bodyOf?: (request: Request) => BodyInfo | undefined;
  /**
   * Sends requests with a stream or Blob body instead of `fetch`, where the
   * runtime has a way that does not hold the body in memory (Node's
   * `node:http`, src/node.ts). Same contract as `fetch`.
   */
  sendLarge?: ((request: Request, bodySize?: number, progress?: ProgressReporter) => Promise<Response>) | undefined;
  /**
   * fetch can stream a request body over HTTP/1.1 here (Node), so an upload's
   * progress is counted as fetch reads it. Browsers stream request bodies over
   * HTTP/2 only: there an upload reports its start and its end.
   */
  streamsRequestBodies?: boolean;
}): Transport {
  const retryLimit = init.retry ? init.retry.limit : 0;
  /** Answers whose body is still to be read, and how to stop watching them. */
  const watched = new WeakMap<Response, { disarm(): void; release(): void }>();

  /**
   * One attempt. The caller's signal aborts it at any point, even before it
   * starts; `timeoutMs` bounds the wait for the headers, from this attempt's
   * start, and then again the reading of the body, until `settle`. The answer
   * itself is passed on untouched: rebuilding it to watch the body cost more
   * than the rest of the client (bench/RESULTS.md).
   */
  async function attempt(request: Request, where: { method: string; path: string }, body: BodyInfo): Promise<Response> {
    if (request.signal.aborted) throw request.signal.reason;
    // The call's own controller, whose signal the request already carries (the
    // call wrapper made it and follows the caller's signal with it): the
    // request goes as it is. Building a second Request with a signal of its
    // own cost more than the rest of the client (issue 15).
    const owned = body.owner !== undefined && request.redirect === 'manual';
    const controller = owned ? body.owner! : new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      // Built only when it fires: capturing a stack on every attempt is costly.
      timer = setTimeout(() => controller.abort(new SftpgoTimeoutError({ timeoutMs: init.timeoutMs, ...where })), init.timeoutMs);
      // In Node, a timer left armed (an answer nobody read) must not keep the process alive.
      (timer as { unref?: () => void }).unref?.();
    };
    const disarm = () => clearTimeout(timer);
    const onAbort = () => controller.abort(request.signal.reason);
    // `manual`, whatever the call asked for: a redirect is looked at before
    // anything is sent to where it points (fetch strips Authorization across
    // origins, but not an API key header).
    const { blob, upload } = body;
    let sent: Request | undefined = owned
      ? blob
        ? new Request(request, { body: blob })
        : request
      : new Request(request, { signal: controller.signal, redirect: 'manual', ...(blob ? { body: blob } : {}) });
    const large = blob !== undefined || upload !== undefined || body.oneShot || body.streamedAnswer;
    const send =
      large && init.sendLarge
        ? (r: Request) => init.sendLarge!(r, upload?.size || blob?.size, upload?.reporter)
        : upload
          ? (r: Request) => fetchCounting(r, upload)
          : init.fetch;
    const release = () => {
      disarm();
      if (!owned) request.signal.removeEventListener('abort', onAbort);
      // Node 20's fetch links `sent`'s signal to `controller` through a WeakRef:
      // were `sent` collected mid-attempt, neither the timeout nor the caller's
      // abort would reach the request. Held until the attempt ends.
      sent = undefined;
    };
    if (!owned) request.signal.addEventListener('abort', onAbort, { once: true });
    arm();
    let response: Response;
    try {
      response = await send(sent);
    } catch (error) {
      release();
      if (request.signal.aborted) throw request.signal.reason;
      if (controller.signal.reason instanceof SftpgoTimeoutError) throw controller.signal.reason;
      throw new SftpgoNetworkError({ ...where, cause: error });
    }
    disarm();
    if (!response.body || response.status < 200 || NULL_BODY_STATUSES.has(response.status)) {
      release();
      return response;
    }
    // Reading the body gets its own timeout; a timeout or an abort errors the
    // body with our typed error or the caller's reason.
    arm();
    watched.set(response, { disarm, release });
    return response;
  }

  /** An upload through fetch, its progress counted as fetch reads the body, or its start and end (see `streamsRequestBodies`). */
  async function fetchCounting(request: Request, upload: { reporter: ProgressReporter; size: number }): Promise<Response> {
    upload.reporter.start(upload.size);
    if (init.streamsRequestBodies && request.body) {
      const counted = meteredStream(request.body, upload.reporter);
      return init.fetch(new Request(request, { body: counted, duplex: 'half' } as RequestInit));
    }
    const answer = await init.fetch(request);
    upload.reporter.add(upload.size);
    upload.reporter.finish();
    return answer;
  }

  async function drop(response: Response): Promise<void> {
    // A body whose connection already dropped refuses to be cancelled: it is dropped all the same (issue 14).
    await response.body?.cancel().catch(() => undefined);
    settle(response);
  }

  function settle(response: Response, handedOver?: 'stream'): void {
    const watch = watched.get(response);
    if (!watch) return;
    watched.delete(response);
    if (handedOver === 'stream') watch.disarm();
    else watch.release();
  }

  /**
   * Same-origin redirects of GET and HEAD are followed; any other is refused,
   * and so is any redirect of a request that carries a password or a code.
   */
  async function follow(request: Request, where: { method: string; path: string }, body: BodyInfo): Promise<Response> {
    let current = request;
    for (let hops = 0; ; hops++) {
      const response = await attempt(current, where, hops === 0 ? body : NO_BODY);
      const isRedirect = response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400 && response.headers.has('location'));
      if (!isRedirect) return response;
      const location = response.headers.get('location');
      const target = location ? new URL(location, current.url) : undefined;
      if (!target || target.origin !== new URL(current.url).origin) {
        await drop(response);
        throw new SftpgoProtocolError({
          ...where,
          problem: target
            ? 'the server redirected to another origin; not followed, so no credentials leave the configured server'
            : // A browser hides where a redirect points: it cannot be checked, so it is not followed.
              'the server redirected, and this runtime does not tell where to; not followed',
        });
      }
      // A password or a code is for the operation it was sent to: not even the same server gets it elsewhere (issue 14).
      if (/^basic /i.test(current.headers.get('authorization') ?? '') || current.headers.has('x-sftpgo-otp')) {
        await drop(response);
        throw new SftpgoProtocolError({ ...where, problem: 'the server redirected a request carrying a password or one-time code; not followed' });
      }
      if (!(current.method === 'GET' || current.method === 'HEAD') || hops >= MAX_REDIRECTS) return response;
      await drop(response);
      current = new Request(target, { method: current.method, headers: current.headers, signal: current.signal, redirect: 'manual' });
    }
  }

  async function transport(request: Request): Promise<Response> {
    const where = init.describe(request);
    const idempotent = IDEMPOTENT.has(request.method);
    // A server that saw a one-time code has spent it: a second attempt would be
    // rejected, so token requests carrying one are retried only where the code
    // cannot have been seen (issue 4).
    const carriesCode = request.headers.has('x-sftpgo-otp');
    // Looked up once: the copies later attempts send are other Requests.
    const body = init.bodyOf?.(request) ?? NO_BODY;
    const limit = body.oneShot ? 0 : retryLimit;
    for (let retry = 0; ; retry++) {
      const last = retry >= limit;
      try {
        // A body can be read once: later attempts need a copy. A request without
        // one is reused, and so is one whose Blob each attempt reads again.
        const reusable = last || request.body === null || body.blob !== undefined;
        const response = await follow(reusable ? request : request.clone(), where, body);
        // SFTPGo's rate limiter answers 429 before looking at the request, so
        // even a POST or a code is safe to send again.
        const retryable = response.status === 429 || (RETRY_STATUSES.has(response.status) && idempotent && !carriesCode);
        if (last || !retryable) return response;
        const wait = retryDelay(init.retry as RetryPolicy, retry, response);
        // A code is good for about a step either side of now: after a longer
        // wait the same code would be refused, so the answer goes back instead.
        if (wait === undefined || (carriesCode && wait > CODE_WAIT_LIMIT_MS)) return response;
        await drop(response);
        await sleep(wait, request.signal);
        await init.beforeRetry?.(request);
      } catch (error) {
        const refused = error instanceof SftpgoNetworkError && networkCode(error) === 'ECONNREFUSED';
        // A refused connection reached nobody: safe to send again whatever the method or code.
        const retryable = error instanceof SftpgoNetworkError && (refused || (idempotent && !carriesCode));
        if (last || !retryable) throw error;
        await sleep(retryDelay(init.retry as RetryPolicy, retry)!, request.signal);
        await init.beforeRetry?.(request);
      }
    }
  }
  return Object.assign(transport, { settle });
}

function networkCode(error: SftpgoNetworkError): unknown {
  return (error.cause as { cause?: { code?: unknown } })?.cause?.code;
}

