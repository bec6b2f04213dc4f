import { SftpgoError } from './sftpgo-error.js';

/**
 * The client cannot do what was asked with the options it was given: a missing
 * or empty credential, a base URL that is not one, plain HTTP to a remote host
 * (all thrown before any request is sent); a one-time code string already spent,
 * or a static `accessToken` rejected with no credentials to renew it.
 */
export class SftpgoConfigError extends SftpgoError {
  override name = 'SftpgoConfigError' as const;
}
