// The classes from their own files, not the index: `--help` and `--version`
// start without loading the client (issue 15's start-up figures).
import { SftpgoApiError } from '../errors/sftpgo-api-error.js';
import { SftpgoConfigError } from '../errors/sftpgo-config-error.js';
import { SftpgoError } from '../errors/sftpgo-error.js';
import { SftpgoNetworkError } from '../errors/sftpgo-network-error.js';
import { SftpgoProtocolError } from '../errors/sftpgo-protocol-error.js';
import { SftpgoTimeoutError } from '../errors/sftpgo-timeout-error.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { UsageError } from './usage-error.js';

export interface Failure {
  code: ExitCode;
  /** One line for everyone. */
  line: string;
  /** More for `--verbose`: the error's name, status and the server's message. Never a secret. */
  detail?: string;
}

/** What was being done, to word the line. */
export interface FailureContext {
  command: 'get' | 'logout';
  realm: 'admin' | 'user';
  /** The API root without credentials, query or fragment. */
  server: string;
}

/**
 * Turns whatever a command threw into an exit code and a message. The library's
 * messages never carry a password, code or token, so its text may be shown;
 * an error from elsewhere shows its name and first line only.
 */
export function describeFailure(error: unknown, context: FailureContext | undefined): Failure {
  if (error instanceof UsageError) return { code: EXIT.usage, line: error.message };
  const detail = error instanceof Error ? `${error.name}: ${plain(error.message)}` : undefined;
  const withDetail = (code: ExitCode, line: string): Failure => (detail ? { code, line, detail } : { code, line });

  if (error instanceof SftpgoConfigError) {
    const line = plain(error.message)
      .replace('`baseUrl`', 'the server URL')
      .replace('set `allowInsecureHttp: true`', 'pass --allow-insecure-http')
      .replace(/`(admin|user)\.totpSecret`/, 'SFTPGO_TOTP_SECRET');
    return { code: EXIT.usage, line };
  }
  if (error instanceof SftpgoApiError) {
    const server = error.body.error ? `${error.body.message}: ${error.body.error}` : error.body.message;
    const verbose = `${error.name}: ${error.method} ${error.path} answered ${error.status}${server ? ` (${server})` : ''}`;
    return { code: apiExitCode(error.status), line: apiLine(error.status, context), detail: verbose };
  }
  if (error instanceof SftpgoNetworkError) {
    return withDetail(EXIT.failed, `cannot reach ${context?.server ?? 'the server'} (${networkCode(error)})`);
  }
  if (error instanceof SftpgoTimeoutError) {
    return withDetail(EXIT.failed, `${context?.server ?? 'the server'} did not answer within ${error.timeoutMs / 1000} s`);
  }
  if (error instanceof SftpgoProtocolError) {
    return withDetail(EXIT.failed, `the answer is not what SFTPGo sends: ${plain(error.message)}`);
  }
  if (error instanceof SftpgoError) return withDetail(EXIT.failed, plain(error.message));
  return { code: EXIT.unexpected, line: `unexpected error: ${detail ?? String(error)}` };
}

function apiExitCode(status: number): ExitCode {
  return status === 401 || status === 403 ? EXIT.rejected : EXIT.failed;
}

function apiLine(status: number, context: FailureContext | undefined): string {
  const other = context?.realm === 'user' ? 'an admin token (drop --user)' : 'a user token (add --user)';
  if (context?.command === 'logout') {
    if (status === 401) {
      return `the server refused the token (HTTP 401): it was already revoked or expired, comes from another server, or is ${other}`;
    }
    if (status === 403) return 'the server refused this client (HTTP 403)';
  } else {
    if (status === 401) return `the server rejected the ${context?.realm ?? ''} username, password or one-time code (HTTP 401)`.replace('  ', ' ');
    if (status === 403) {
      return 'the server refused the login (HTTP 403): address banned or not allowed, login method denied, or too many sessions';
    }
  }
  if (status === 429) return 'the server is limiting requests (HTTP 429): try again later';
  if (status >= 500) return `the server failed (HTTP ${status})`;
  return `the server answered HTTP ${status}`;
}

/** Without the library's `sftpgo-client: ` prefix: the command has its own. */
function plain(message: string): string {
  return firstLine(message).replace(/^sftpgo-client: /, '');
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? '';
}

function networkCode(error: SftpgoNetworkError): string {
  // undici: TypeError('fetch failed') whose cause says why (ECONNREFUSED, or "bad port").
  const inner = (error.cause as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof inner?.code === 'string') return inner.code;
  return typeof inner?.message === 'string' && inner.message !== '' ? inner.message : 'no answer';
}
