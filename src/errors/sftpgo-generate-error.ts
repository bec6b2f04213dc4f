import { SftpgoError } from './sftpgo-error.js';

/**
 * `sftpgo-client generate` cannot use the spec it was given: it is not
 * OpenAPI 3.0 or 3.1, has a remote `$ref`, could not be read or fetched, or
 * names a security scheme it does not define. Nothing was written (issue 10).
 */
export class SftpgoGenerateError extends SftpgoError {
  override name = 'SftpgoGenerateError' as const;

  constructor(message: string) {
    super(`generate: ${message}`);
  }
}
