import { SftpgoError } from './sftpgo-error.js';

/**
 * The client cannot do what was asked with the options it was given: a missing
 * or empty credential, a base URL that is not one, plain HTTP to a remote host,
 * a one-time code that was already spent. Thrown before any request is sent.
 */
export class SftpgoConfigError extends SftpgoError {
  override name = 'SftpgoConfigError' as const;
}
