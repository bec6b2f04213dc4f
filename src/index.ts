export { createSftpgoClient } from './create-sftpgo-client.js';
export type { SftpgoCallMethod, SftpgoClient, SftpgoMethods } from './types/sftpgo-client.js';
export type { CreateSftpgoClient } from './types/create-sftpgo-client.js';
export { basicAuthorization } from './auth/basic-authorization.js';
export type {
  OtpOption,
  Realm,
  RealmCredentials,
  RetryOptions,
  SftpgoClientOptions,
  TokenEvent,
  TokenInfo,
} from './options/sftpgo-client-options.js';
export type { Token } from './tokens/request-token.js';
export { SftpgoError } from './errors/sftpgo-error.js';
export { SftpgoApiError, type ApiResponse } from './errors/sftpgo-api-error.js';
export { SftpgoConfigError } from './errors/sftpgo-config-error.js';
export { SftpgoNetworkError } from './errors/sftpgo-network-error.js';
export { SftpgoProtocolError } from './errors/sftpgo-protocol-error.js';
export { SftpgoTimeoutError } from './errors/sftpgo-timeout-error.js';
export { SftpgoProgressError } from './errors/sftpgo-progress-error.js';
export type { ProgressCallback, TransferOptions, TransferProgress } from './progress/transfer-progress.js';
export type { paths, components, operations } from '../generated/openapi.js';
export type { MediaKind, OperationInfo, OperationKey, SchemeInfo, SecurityMap } from './auth/security-map.js';
