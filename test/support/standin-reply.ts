// What a route of the SFTPGo stand-in answers, and the one body shape SFTPGo
// uses for every message and error: `{ message, error? }`, `error` left out
// when empty, `message` always there, possibly empty.
export interface Reply {
  status: number;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is, instead of `body` (file downloads). */
  raw?: Buffer;
  headers?: Record<string, string>;
}

/** SFTPGo's ApiResponse: `message` always, `error` only when there is one. */
export function apiResponse(status: number, message: string, error?: string, headers?: Record<string, string>): Reply {
  return {
    status,
    body: error === undefined || error === '' ? { message } : { error, message },
    ...(headers ? { headers } : {}),
  };
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { status, body, ...(headers ? { headers } : {}) };
}

/** The Basic challenge SFTPGo adds to a refused login. */
export const BASIC_CHALLENGE = { 'WWW-Authenticate': 'Basic realm="SFTPGo"' };
