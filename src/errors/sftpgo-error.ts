/**
 * The base of every error this package throws, so callers can tell ours apart
 * with one `instanceof`. Messages name the package and never carry a password,
 * one-time code, API key or token (issue 4).
 */
export class SftpgoError extends Error {
  override name: string = 'SftpgoError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(`sftpgo-client: ${message}`, options);
  }
}
