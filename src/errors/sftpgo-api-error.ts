import { SftpgoError } from './sftpgo-error.js';

/**
 * SFTPGo's error body, as the client relies on it: `message` always, `error`
 * when there is detail. The client's own contract, checked at run time; the
 * published document marks neither field required (issue 10).
 */
export interface ApiResponse {
  message: string;
  error?: string;
}

/**
 * The server answered with an error status. `body` is SFTPGo's `ApiResponse`
 * (`message`, and `error` when it has detail); `path` is the operation's path
 * template, never a URL with values in it.
 *
 * @example
 * try { await client.logout() } catch (e) {
 *   if (e instanceof SftpgoApiError && e.status === 401) console.log(e.body.message)
 * }
 */
export class SftpgoApiError extends SftpgoError {
  override name = 'SftpgoApiError' as const;
  readonly status: number;
  readonly body: ApiResponse;
  readonly method: string;
  readonly path: string;

  constructor(init: { status: number; body: unknown; method: string; path: string; hint?: string }) {
    const body = toApiResponse(init.body, init.status);
    const detail = [body.message, body.error].filter(Boolean).join(': ');
    super(`${init.method} ${init.path} answered ${init.status}${detail ? ` (${detail})` : ''}${init.hint ? `; ${init.hint}` : ''}`);
    this.status = init.status;
    this.body = body;
    this.method = init.method;
    this.path = init.path;
  }
}

function toApiResponse(body: unknown, status: number): ApiResponse {
  if (body && typeof body === 'object' && typeof (body as ApiResponse).message === 'string') {
    const { message, error } = body as ApiResponse;
    return typeof error === 'string' ? { message, error } : { message };
  }
  // Not SFTPGo's error shape (a proxy's HTML page, say): keep the status, drop the body.
  return { message: `HTTP ${status}` };
}
