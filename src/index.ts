export { createSftpgoClient, type SftpgoClient, type SftpgoMethods } from './create-sftpgo-client.js';
export type {
  OtpOption,
  Realm,
  RealmCredentials,
  RetryOptions,
  SftpgoClientOptions,
  TokenEvent,
  TokenInfo,
} from './sftpgo-client-options.js';
export type { Token } from './request-token.js';
export { SftpgoError } from './sftpgo-error.js';
export { SftpgoApiError, type ApiResponse } from './sftpgo-api-error.js';
export { SftpgoConfigError } from './sftpgo-config-error.js';
export { SftpgoNetworkError } from './sftpgo-network-error.js';
export { SftpgoProtocolError } from './sftpgo-protocol-error.js';
export { SftpgoTimeoutError } from './sftpgo-timeout-error.js';
export type { paths, components, operations } from '../generated/openapi.js';
export type { SecurityMap, OperationInfo, SchemeInfo } from '../generated/security-map-types.js';
