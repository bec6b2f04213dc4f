import type { paths } from '../../generated/openapi.js';
import type { OperationKey, SecurityMap } from '../auth/security-map.js';
import type { SftpgoClientOptions } from '../options/sftpgo-client-options.js';
import type { SftpgoClient } from './sftpgo-client.js';

/** The signatures of `createSftpgoClient`, the same in every runtime's entry. */
export interface CreateSftpgoClient {
  /**
   * An openapi-fetch client typed by the spec, whose calls carry the credentials
   * their operation asks for: tokens obtained once, shared, renewed before they
   * expire and recovered once after a 401.
   *
   * @example
   * const client = createSftpgoClient({
   *   baseUrl: 'https://sftpgo.example.com/api/v2',
   *   admin: { username: 'admin', password: process.env.SFTPGO_PASSWORD! },
   * });
   * const { data } = await client.GET('/version');
   */
  (options: SftpgoClientOptions): SftpgoClient<paths>;
  /**
   * A client for another spec's `paths`: its security map is required and must
   * cover exactly those operations, so a forgotten or mismatched map is a
   * compile error (issue 10). `sftpgo-client generate` writes a factory that
   * passes both.
   *
   * @example
   * import type { paths } from './sftpgo/openapi.js';
   * import { securityMap } from './sftpgo/security.js';
   * const sftpgo = createSftpgoClient<paths>({ baseUrl, admin, securityMap });
   */
  <Paths extends {}>(options: SftpgoClientOptions & { securityMap: SecurityMap<OperationKey<Paths>> }): SftpgoClient<Paths>;
}
